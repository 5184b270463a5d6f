"""Nothing about the audit log is editable, so it is not in the admin at all."""
