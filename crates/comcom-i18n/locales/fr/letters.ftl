## Letters to elected officials (lettre aux élus)

letters-title = Lettre aux élus
letters-intro = La lettre aux élus informe les conseillers municipaux et communautaires du territoire entre deux conseils.
letters-all = Toutes les lettres
letters-none = Aucune lettre pour l’instant.
letters-archive = Lettres envoyées
letters-archive-none = Aucune lettre envoyée que vous puissiez lire.
letters-feed = Flux Atom des lettres publiques
letters-feed-title = Lettre aux élus – { $name }
letters-mail-folder = Aucun serveur SMTP n’est configuré (COMCOM_SMTP_URL) : les messages sont écrits dans le dossier de courrier local et n’atteignent pas leurs destinataires.
letters-bounces = Adresses en erreur
letters-bounces-intro = Les avis de non-remise lus par « comcom mail bounces » sont comptés par adresse ; après plusieurs erreurs définitives, les lettres ne sont plus envoyées à l’adresse.
letters-bounces-none = Aucune adresse en erreur.
letter-bounce-address = Adresse
letter-bounce-counts = Erreurs définitives / temporaires
letter-bounce-last = Dernier avis
letter-bounce-stopped = Envoi arrêté
letter-bounce-watched = Sous surveillance
letter-state = État
letter-date = Date
letter-new = Nouvelle lettre
letter-edit = Modifier la lettre
letter-field-subject = Objet
letter-field-body = Texte de la lettre
letter-field-body-hint = En Markdown : **gras**, *italique*, ## intertitre, - liste, [lien](https://…), ![image](https://…). Un paragraphe qui ne contient qu’un lien vers une actualité du site devient une carte.
letter-field-audience = Destinataires
letter-audience-councillors = Tous les conseillers municipaux du territoire
letter-audience-mayors = Les maires seulement
letter-audience-community = Les élus communautaires
letter-audience-development-council = Le conseil de développement
letter-audience-communes = Les conseillers municipaux d’une commune
letter-audience-spaces = Les membres d’un espace
letter-audience-saved = Listes enregistrées
letter-field-save-as = Enregistrer ces destinataires sous le nom
letter-field-save-as-hint = Facultatif : la liste pourra être choisie pour une prochaine lettre.
letter-field-public = Archive publique : tout le monde peut lire la lettre une fois envoyée (sinon, ses destinataires seulement)
letter-preview = Aperçu du message
letter-preview-html = Version HTML
letter-preview-text = Version texte
letter-preview-submit = Voir l’aperçu
letter-save = Enregistrer le brouillon
letter-card-article = Actualité
letter-error-subject-missing = Indiquez l’objet de la lettre.
letter-error-subject-long = L’objet ne peut dépasser { $max } caractères.
letter-error-subject-control = L’objet ne peut pas contenir de saut de ligne.
letter-error-body-missing = Écrivez le texte de la lettre.
letter-error-body-long = Le texte ne peut dépasser { $max } caractères.
letter-error-audience-missing = Choisissez au moins un groupe de destinataires.
letter-error-audience-nobody = Personne n’est joignable dans ces destinataires : aucun n’a d’adresse électronique. Choisissez d’autres destinataires.
letter-error-save-as = Le nom de la liste tient en 100 caractères, sans saut de ligne.
letter-error-address = « { $input } » n’est pas une adresse électronique.
letter-error-too-many-addresses = Un essai part vers { $max } adresses au plus.
letter-error-no-test-address = Indiquez au moins une adresse pour l’essai.
letter-error-schedule-invalid = Indiquez la date et l’heure d’envoi, par exemple 2026-12-10T09:00.
letter-error-schedule-past = Cette date est passée : choisissez une date à venir, ou envoyez maintenant.
letter-error-when = Choisissez d’envoyer maintenant ou à une date.
letter-status-draft = Brouillon
letter-status-scheduled = Programmée
letter-status-sending = En cours d’envoi
letter-status-paused = En pause
letter-status-cancelled = Annulée
letter-status-sent = Envoyée
letter-done-test = L’essai est parti vers les adresses indiquées.
letter-done-sending = L’envoi a commencé.
letter-done-scheduled = L’envoi est programmé.
letter-done-paused = L’envoi est en pause.
letter-done-resumed = L’envoi reprend.
letter-done-cancelled = L’envoi est annulé ; les messages déjà partis ne peuvent être rappelés.
letter-done-public = La visibilité de l’archive est enregistrée.
letter-audience-count = Destinataires joignables
letter-unreachable-count = sans adresse électronique
letter-recipients-link = Voir la liste
letter-recipients = Destinataires
letter-recipients-title = Destinataires de « { $name } »
letter-unreachable = Personnes sans adresse électronique
letter-unreachable-intro = Ces personnes font partie des destinataires choisis mais ne recevront pas la lettre : ajoutez leur adresse à leur fiche.
letter-reachable = Personnes qui recevront la lettre
letter-reachable-none = Personne pour l’instant.
letter-stats = Distribution
letter-stats-total = Messages
letter-stats-sent = Remis au serveur
letter-stats-waiting = En attente
letter-stats-failed = Échecs définitifs
letter-stats-unsubscribed = Désabonnés
letter-stats-bounced = Adresses arrêtées
letter-stats-privacy = Ni pixel de suivi ni lien réécrit : comcom ne sait pas qui ouvre la lettre ni sur quoi on clique.
letter-actions = Essai et envoi
letter-test = Envoyer un essai
letter-test-me = À moi-même
letter-test-addresses = Autres adresses
letter-test-addresses-hint = Séparées par des virgules, 10 au plus.
letter-test-submit = Envoyer l’essai
letter-test-prefix = [Essai]
letter-send = Envoyer la lettre
letter-send-now = Maintenant
letter-send-schedule = À la date suivante
letter-field-scheduled-at = Date et heure d’envoi
letter-send-submit = Envoyer
letter-pause = Mettre en pause
letter-resume = Reprendre l’envoi
letter-cancel = Annuler l’envoi
letter-public-submit = Enregistrer la visibilité
letter-sent-on = Envoyée le
letter-manage-link = Gérer cette lettre
letter-mail-why = Vous recevez cette lettre d’information en tant qu’élu ou membre d’une instance de { $territory }.
letter-mail-read-online = Lire en ligne
letter-mail-read-online-text = Lire en ligne :
letter-mail-unsubscribe = Se désabonner
letter-mail-unsubscribe-text = Se désabonner :
unsubscribe-title = Désabonnement de la lettre aux élus
unsubscribe-confirm = Confirmez-vous ne plus recevoir la lettre aux élus à cette adresse ?
unsubscribe-submit = Me désabonner
unsubscribe-done = C’est fait : vous ne recevrez plus la lettre aux élus à cette adresse.

## Letters: settings and command line

cli-letter-rate-invalid = COMCOM_LETTER_RATE vaut « { $input } » : indiquez un nombre de messages par seconde entre 0.1 et 10000.
cli-bounce-limit-invalid = COMCOM_BOUNCE_LIMIT vaut « { $input } » : indiquez un nombre entier de 1 à 100.
cli-dkim-selector-missing = COMCOM_DKIM_KEY_FILE est défini sans COMCOM_DKIM_SELECTOR : indiquez le sélecteur publié dans le DNS.
cli-dkim-selector-invalid = COMCOM_DKIM_SELECTOR doit être un nom DNS simple (lettres, chiffres, tirets).
cli-dkim-key-unreadable = Impossible de lire la clé DKIM { $path } : { $reason }
cli-dkim-key-invalid = La clé DKIM { $path } n’est pas une clé privée RSA au format PEM PKCS#1 (« BEGIN RSA PRIVATE KEY »).

## Letters: bounces (comcom mail bounces)

cli-help-mail = Courrier : avis de non-remise
cli-help-mail-bounces = Lit des avis de non-remise (DSN) et compte les erreurs par adresse
cli-help-mail-bounces-files = Fichiers .eml des avis de non-remise
bounces-file-invalid = { $path } : { $reason }
bounces-nothing-changed = Rien n’a été enregistré ; retirez ce fichier ou corrigez-le, puis relancez la commande.
bounces-too-large = le fichier dépasse 10 Mo.
bounces-no-headers = ce fichier n’a pas d’en-têtes de message.
bounces-not-report = ce message n’est pas un avis de non-remise (multipart/report).
bounces-no-boundary = l’avis n’indique pas la frontière de ses parties (boundary).
bounces-no-status = l’avis n’a pas de partie message/delivery-status.
bounces-no-recipient = l’avis ne nomme aucun destinataire avec une action et un état.
bounces-bad-status = un état de remise n’a pas la forme classe.sujet.détail (par exemple 5.1.1).
bounces-hard = { $email } : erreur définitive { $value } ({ $total } en tout).
bounces-hard-stopped = { $email } : erreur définitive { $value } ({ $total } en tout) ; les lettres ne lui sont plus envoyées.
bounces-soft = { $email } : erreur temporaire { $value }.

## Letters: editors

letters-editors = Rédacteurs de la lettre
letters-editors-intro = Ces personnes peuvent écrire, tester et envoyer les lettres sans administrer le territoire (par exemple la chargée de communication).
letters-editors-none = Personne d’autre que les administrateurs pour l’instant.
letters-editor-email = Adresse électronique de la personne à ajouter
letters-editor-submit = Donner le droit d’écrire des lettres
letter-error-editor-unknown = Aucun compte n’a cette adresse : invitez d’abord la personne.

## Letters: the JSON API

api-error-letter-state = La lettre n’est pas dans un état qui permet cette opération (déjà envoyée, en cours d’envoi ou annulée).
api-field-audience = Ce champ doit être une liste de choix de destinataires, par exemple ["mayors", "commune:38153"].
api-field-audience-unknown = « { $input } » n’est pas un choix de destinataires de ce territoire : councillors, mayors, community, development_council, commune:INSEE, space:SLUG ou saved:NUMÉRO.
api-field-boolean = Ce champ doit valoir true ou false.
api-field-addresses = Ce champ doit être une liste d’adresses électroniques.
api-field-when = Valeurs possibles : « now » ou « schedule ».
api-field-scheduled-at-missing = Un envoi programmé demande sa date (scheduled_at).
api-field-scheduled-at-unexpected = Une date d’envoi ne s’emploie qu’avec « schedule ».

## Letters: the sender's mailbox (comcom mail inbox)

cli-help-mail-inbox = Lit les messages reçus à l’adresse d’expédition des lettres : avis de non-remise et demandes de désabonnement
cli-help-mail-inbox-files = Fichiers .eml des messages reçus
inbox-not-understood = ce message n’est ni un avis de non-remise ni une demande de désabonnement (objet « unsubscribe JETON »).
inbox-unsubscribed = { $email } : désabonné de la lettre aux élus à sa demande.
inbox-unsubscribe-unknown = { $path } : ce jeton de désabonnement n’est pas connu ; rien n’a changé.

## Letters: the territory's logo (administration)

logo-title = Logo du territoire
logo-explain = Le logo figure en tête de la lettre aux élus, à côté du nom du territoire. PNG ou JPEG, 512 Ko au plus ; le SVG est refusé (il peut contenir des scripts et beaucoup de messageries ne l’affichent pas).
logo-current = Logo actuel du territoire
logo-file = Fichier du logo (PNG ou JPEG)
logo-submit = Enregistrer le logo
logo-remove = Retirer le logo
logo-done = Le logo est enregistré.
logo-removed = Le logo est retiré.
logo-error-missing = Choisissez un fichier PNG ou JPEG.
logo-error-type = Ce fichier n’est ni un PNG ni un JPEG (le SVG n’est pas accepté).
logo-error-too-large = Le logo ne peut dépasser { $max } Ko.
