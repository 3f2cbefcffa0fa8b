"""Backups on the screen: the automatic backups while the till runs, the backup screen (list,
back up now, restore) and their sentences."""
