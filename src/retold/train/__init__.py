"""Training commands for retold's small shipped models (run by hand, never at analysis time)."""
