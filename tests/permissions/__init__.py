"""The role × action matrix: every service that changes or reveals data, called as every role."""
