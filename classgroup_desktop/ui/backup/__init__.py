"""备份与恢复: the backup list, 立即备份 and 恢复到此备份."""
