## Backup and restore (comcom backup, comcom restore)

cli-help-backup = Copie la base SQLite dans un fichier, même pendant que le serveur tourne (avec PostgreSQL : donne la commande pg_dump).
cli-help-backup-file = Fichier à écrire ; il ne doit pas déjà exister, sauf avec --force.
cli-help-backup-force = Remplace le fichier s’il existe déjà.
cli-help-restore = Remplace la base SQLite par une sauvegarde faite avec comcom backup, serveur arrêté (avec PostgreSQL : donne la commande pg_restore).
cli-help-restore-file = Sauvegarde à restaurer.
cli-help-restore-force = Remplace aussi une instance qui contient déjà des territoires ou des personnes.

backup-done = Sauvegarde écrite : { $path } ({ $size })
backup-contents = Contenu : { $territories }, { $people }, { $spaces }.
backup-count-territories = { $count ->
    [one] { $value } territoire
   *[other] { $value } territoires
}
backup-count-people = { $count ->
    [one] { $value } personne
   *[other] { $value } personnes
}
backup-count-spaces = { $count ->
    [one] { $value } espace
   *[other] { $value } espaces
}
backup-size-bytes = { $count ->
    [one] { $value } octet
   *[other] { $value } octets
}
backup-size-kb = { $value } ko
backup-size-mb = { $value } Mo
backup-size-gb = { $value } Go

backup-file-empty = indiquez le nom du fichier de sauvegarde.
backup-no-database = il n’y a pas de base de données à « { $path } » : rien à sauvegarder. Vérifiez COMCOM_DATA_DIR ou COMCOM_DATABASE_URL.
backup-database-not-comcom = la base « { $path } » ne contient pas encore de données comcom : rien à sauvegarder.
backup-target-is-folder = « { $path } » est un dossier ; indiquez le nom d’un fichier à écrire dans ce dossier.
backup-target-is-database = « { $path } » est la base de données elle-même ; choisissez un autre fichier pour la sauvegarde.
backup-target-not-file = « { $path } » n’est pas un fichier ordinaire ; choisissez un autre nom.
backup-target-exists = le fichier « { $path } » existe déjà ; rien n’a été écrit.
backup-target-exists-hint = Choisissez un autre nom, ou ajoutez --force pour remplacer ce fichier.
backup-folder-missing = le dossier « { $path } » n’existe pas ; créez-le d’abord ou choisissez un autre emplacement.
backup-path-not-utf8 = le nom « { $path } » contient des caractères que SQLite ne peut pas lire ; choisissez un nom en UTF-8.
backup-write-failed = impossible d’écrire « { $path } » : { $reason }. Rien n’a été écrit.
backup-reason-disk-full = le disque est plein
backup-reason-io = le disque refuse l’écriture (disque plein, quota atteint ou fichier trop grand)
backup-reason-cannot-write = le dossier n’existe pas ou n’est pas accessible en écriture
backup-reason-permission = accès refusé (vérifiez les droits du fichier et de son dossier)
backup-reason-read-only = le système de fichiers est en lecture seule
backup-reason-folder = c’est un dossier

backup-postgres = Cette instance utilise PostgreSQL : comcom ne la sauvegarde pas lui-même. L’outil pg_dump de PostgreSQL en fait une copie cohérente pendant que le serveur tourne ; lancez, depuis une machine qui peut joindre la base :
restore-postgres = Cette instance utilise PostgreSQL : comcom ne la restaure pas lui-même. Arrêtez comcom serve, puis restaurez une sauvegarde faite avec pg_dump --format=custom à l’aide de l’outil pg_restore de PostgreSQL :
postgres-password-hint = Le mot de passe de COMCOM_DATABASE_URL n’est pas recopié ici : remplacez « … » par ce mot de passe, ou mettez-le dans le fichier ~/.pgpass et retirez PGPASSWORD=….
restore-postgres-after = Relancez ensuite comcom serve : il met à jour la structure d’une sauvegarde plus ancienne.

restore-done = Sauvegarde « { $path } » restaurée dans { $url }.
restore-migrated = Sa structure a été mise à jour (schéma { $version } → { $known }).
restore-next = Vous pouvez relancer le serveur : comcom serve
restore-missing = le fichier « { $path } » n’existe pas.
restore-is-folder = « { $path } » est un dossier, pas un fichier de sauvegarde.
restore-unreadable = impossible de lire « { $path } » : { $reason }.
restore-not-sqlite = « { $path } » n’est pas une base SQLite ; indiquez un fichier écrit par comcom backup.
restore-damaged = « { $path } » est une base SQLite endommagée ({ $reason }) ; rien n’a été restauré.
restore-not-comcom = « { $path } » est une base SQLite, mais pas une sauvegarde de comcom (la table schema_migration manque).
restore-newer = « { $path } » vient d’une version plus récente de comcom (schéma { $version } ; cette version connaît jusqu’au schéma { $known }). Installez une version à jour de comcom avant de restaurer ce fichier.
restore-is-database = « { $path } » est la base de données elle-même ; rien à restaurer.
restore-source-in-use = « { $path } » a encore un journal « { $path }-wal » à côté : un programme l’utilise peut-être, et le fichier seul serait une copie incomplète. Faites-en une copie cohérente avec comcom backup, puis restaurez cette copie.
restore-in-use = la base « { $path } » est ouverte par un autre programme, sans doute comcom serve. Arrêtez le serveur, puis relancez la restauration : remplacer la base sous un serveur en marche lui ferait perdre des données ou mélanger les deux bases.
restore-current-unusable = la base actuelle « { $path } » n’est pas une base SQLite lisible ; déplacez-la ailleurs avant de restaurer.
restore-not-empty = cette instance contient déjà { $territories } et { $people } ; la restauration les remplacerait. Rien n’a été modifié.
restore-not-empty-hint = Relancez avec --force pour les remplacer, après avoir sauvegardé l’instance actuelle (comcom backup FICHIER) si vous voulez la garder.
restore-write-failed = impossible d’écrire « { $path } » : { $reason }. La base n’a pas été modifiée.
restore-failed = impossible de restaurer « { $path } » : { $reason }. La base n’a pas été modifiée.

# Documents' files beside the backup
backup-files-done = Fichiers des documents copiés dans { $path } : { $count ->
    [one] { $value } fichier
   *[other] { $value } fichiers
} ({ $size }).
backup-files-bucket = Les fichiers des documents sont dans un bucket S3 : sauvegardez-le avec les outils de l’hébergeur (versions du bucket, réplication ou copie), après la base (voir docs/documents.md).
restore-files-done = Fichiers des documents restaurés dans { $path } : { $count ->
    [one] { $value } fichier
   *[other] { $value } fichiers
} ({ $size }).
restore-files-bucket = Les fichiers des documents sauvegardés dans { $path } ne sont pas copiés : les documents sont dans un bucket S3, copiez-les-y vous-même (voir docs/documents.md).
