"""The 事件记录 view, the add-entry dialog and the 发布前检查 / 防诈骗检查 dialog."""
