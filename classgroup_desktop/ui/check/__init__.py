"""The check view and its models."""
