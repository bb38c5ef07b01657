"""A CLI job that fails on a dependency says so in one line and exits non-zero:
75 (EX_TEMPFAIL) when running it again later can help, 78 (EX_CONFIG) when a
setting must change first, 1 otherwise. `siteledger --debug …` shows the traceback."""

from typing import Any

import click

from api.failures import causes, classify


class JobFailed(click.ClickException):
    exit_code = 1


class TryLater(JobFailed):
    exit_code = 75


class FixSettings(JobFailed):
    exit_code = 78


class Jobs(click.Group):
    """The `siteledger` group: any failure of a command becomes one clear line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            raise failed(error) from None


def failed(error: Exception) -> JobFailed:
    innermost = causes(error)[-1]
    cause = f"{type(innermost).__name__}: {innermost}".splitlines()[0][:300]
    failure = classify(error)
    if failure is None:
        return JobFailed(f"{cause} (run with --debug for the traceback)")
    message = f"{failure.detail} ({cause})"
    return (
        TryLater(message)
        if failure.retry or failure.status == 507
        else (FixSettings(message))
    )
