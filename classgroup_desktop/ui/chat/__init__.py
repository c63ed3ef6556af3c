"""The 群聊巡查 view, its models and dialogs."""
