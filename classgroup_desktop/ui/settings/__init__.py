"""The settings view and its models."""
