"""The roster view and its models."""
