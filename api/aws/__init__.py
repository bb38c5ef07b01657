"""The AWS Lambda handlers serverless.yml names: the API and the scheduled jobs."""
