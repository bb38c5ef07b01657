"""Read models: each view, its tracking and catch-up processing."""
