## Backup and restore (comcom backup, comcom restore)

cli-help-backup = Copies the SQLite database into a file, even while the server runs (with PostgreSQL: gives the pg_dump command).
cli-help-backup-file = File to write; it must not exist yet, unless --force is given.
cli-help-backup-force = Replaces the file if it already exists.
cli-help-restore = Replaces the SQLite database with a backup made by comcom backup, with the server stopped (with PostgreSQL: gives the pg_restore command).
cli-help-restore-file = Backup to restore.
cli-help-restore-force = Also replaces an instance that already holds territories or people.

backup-done = Backup written: { $path } ({ $size })
backup-contents = Contents: { $territories }, { $people }, { $spaces }.
backup-count-territories = { $count ->
    [one] { $value } territory
   *[other] { $value } territories
}
backup-count-people = { $count ->
    [one] { $value } person
   *[other] { $value } people
}
backup-count-spaces = { $count ->
    [one] { $value } space
   *[other] { $value } spaces
}
backup-size-bytes = { $count ->
    [one] { $value } byte
   *[other] { $value } bytes
}
backup-size-kb = { $value } kB
backup-size-mb = { $value } MB
backup-size-gb = { $value } GB

backup-file-empty = give the name of the backup file.
backup-no-database = there is no database at “{ $path }”: nothing to back up. Check COMCOM_DATA_DIR or COMCOM_DATABASE_URL.
backup-database-not-comcom = the database “{ $path }” holds no comcom data yet: nothing to back up.
backup-target-is-folder = “{ $path }” is a folder; give the name of a file to write in that folder.
backup-target-is-database = “{ $path }” is the database itself; choose another file for the backup.
backup-target-not-file = “{ $path }” is not a regular file; choose another name.
backup-target-exists = the file “{ $path }” already exists; nothing was written.
backup-target-exists-hint = Choose another name, or add --force to replace that file.
backup-folder-missing = the folder “{ $path }” does not exist; create it first or choose another place.
backup-path-not-utf8 = the name “{ $path }” holds characters SQLite cannot read; choose a UTF-8 name.
backup-write-failed = cannot write “{ $path }”: { $reason }. Nothing was written.
backup-reason-disk-full = the disk is full
backup-reason-io = the disk refuses the write (disk full, quota reached or file too large)
backup-reason-cannot-write = the folder does not exist or is not writable
backup-reason-permission = permission denied (check the rights on the file and its folder)
backup-reason-read-only = the file system is read-only
backup-reason-folder = it is a folder

backup-postgres = This instance uses PostgreSQL: comcom does not back it up itself. PostgreSQL’s pg_dump tool makes a consistent copy while the server runs; run, from a machine that can reach the database:
restore-postgres = This instance uses PostgreSQL: comcom does not restore it itself. Stop comcom serve, then restore a backup made with pg_dump --format=custom using PostgreSQL’s pg_restore tool:
postgres-password-hint = The password of COMCOM_DATABASE_URL is not copied here: replace “…” with that password, or put it in the file ~/.pgpass and drop PGPASSWORD=….
restore-postgres-after = Then start comcom serve again: it brings an older backup’s structure up to date.

restore-done = Backup “{ $path }” restored into { $url }.
restore-migrated = Its structure was brought up to date (schema { $version } → { $known }).
restore-next = You can start the server again: comcom serve
restore-missing = the file “{ $path }” does not exist.
restore-is-folder = “{ $path }” is a folder, not a backup file.
restore-unreadable = cannot read “{ $path }”: { $reason }.
restore-not-sqlite = “{ $path }” is not an SQLite database; give a file written by comcom backup.
restore-damaged = “{ $path }” is a damaged SQLite database ({ $reason }); nothing was restored.
restore-not-comcom = “{ $path }” is an SQLite database, but not a comcom backup (the table schema_migration is missing).
restore-newer = “{ $path }” comes from a newer version of comcom (schema { $version }; this version knows up to schema { $known }). Install an up-to-date comcom before restoring this file.
restore-is-database = “{ $path }” is the database itself; nothing to restore.
restore-source-in-use = “{ $path }” still has a journal “{ $path }-wal” beside it: a program may be using it, and the file alone would be an incomplete copy. Make a consistent copy with comcom backup, then restore that copy.
restore-in-use = the database “{ $path }” is open in another program, most likely comcom serve. Stop the server, then run the restore again: replacing the database under a running server would lose data or mix the two databases.
restore-current-unusable = the current database “{ $path }” is not a readable SQLite database; move it elsewhere before restoring.
restore-not-empty = this instance already holds { $territories } and { $people }; restoring would replace them. Nothing was changed.
restore-not-empty-hint = Run again with --force to replace them, after backing up the current instance (comcom backup FILE) if you want to keep it.
restore-write-failed = cannot write “{ $path }”: { $reason }. The database was not changed.
restore-failed = cannot restore “{ $path }”: { $reason }. The database was not changed.

# Documents' files beside the backup
backup-files-done = Documents' files copied into { $path }: { $count ->
    [one] { $value } file
   *[other] { $value } files
} ({ $size }).
backup-files-bucket = The documents' files are in an S3 bucket: back it up with the provider's tools (bucket versioning, replication or a copy), after the database (see docs/documents.md).
restore-files-done = Documents' files restored into { $path }: { $count ->
    [one] { $value } file
   *[other] { $value } files
} ({ $size }).
restore-files-bucket = The documents' files saved in { $path } are not copied: the documents are in an S3 bucket, copy them there yourself (see docs/documents.md).
