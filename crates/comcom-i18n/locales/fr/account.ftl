## Navigation when signed in

nav-login = Se connecter
nav-logout = Se déconnecter
nav-my-spaces = Mes espaces
nav-profile = votre profil
nav-admin = Administration

## Forms

form-errors-title = Le formulaire contient des erreurs
form-save = Enregistrer
field-email = Adresse électronique
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-password-again = Confirmez le mot de passe
field-current-password = Mot de passe actuel
field-password-hint = Au moins { $min } caractères. Une phrase facile à retenir convient très bien.
field-display-name = Nom affiché
field-phone = Téléphone
field-optional = Facultatif.
field-locale = Langue de l’interface et des messages
field-space-name = Nom de l’espace
field-description = Description
error-email = Indiquez une adresse électronique valide, par exemple prenom.nom@mairie-engins.fr.
error-email-taken = Cette adresse est déjà celle d’une autre personne.
error-email-belongs = Cette adresse est déjà celle de { $name }.
error-password-empty = Indiquez votre mot de passe.
error-password-long = Le mot de passe ne peut pas dépasser { $max } caractères.
error-password-mismatch = Les deux mots de passe ne sont pas identiques.
error-current-password = Le mot de passe actuel est incorrect.
error-login-failed = Adresse ou mot de passe incorrect. Vous pouvez aussi recevoir un lien de connexion par courriel.
error-too-many-attempts = Trop de tentatives depuis peu. Patientez quelques minutes avant de réessayer.
error-name-empty = Indiquez un nom.
error-too-long = Ce champ ne peut pas dépasser { $max } caractères.
error-phone = Indiquez un numéro de téléphone, par exemple 04 76 95 00 00.
error-locale = Choisissez le français ou l’anglais.
error-role = Choisissez un rôle : animateur, membre ou lecteur.
error-person = Choisissez une personne du territoire dans la liste.
error-space-kind = Choisissez le type d’espace dans la liste.
error-visibility = Choisissez qui peut voir l’espace.

## Login

login-title = Connexion
login-with-password = Avec votre mot de passe
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-with-link = Avec un lien reçu par courriel
login-link-explain = Pas de mot de passe ? Recevez un lien de connexion, valable 30 minutes et utilisable une fois.
login-link-submit = Recevoir un lien de connexion
login-link-sent-title = Vérifiez votre messagerie
login-link-sent = Si un compte existe pour cette adresse, un message vient de lui être envoyé avec un lien à usage unique.
login-link-sent-spam = Le message n’arrive pas ? Regardez dans les courriers indésirables, ou demandez à l’administrateur de votre territoire de vérifier votre adresse.
login-confirm-title = Confirmer la connexion
login-confirm-lead = Vous allez vous connecter à la plateforme de { $the_territory }.
link-expired-title = Lien expiré ou déjà utilisé
link-expired = Ce lien n’est plus valable : il a déjà servi ou il a expiré. Par sécurité, chaque lien ne sert qu’une fois.
link-expired-again = Demander un nouveau lien
reset-title = Mot de passe oublié
reset-lead = Indiquez votre adresse : vous recevrez un lien pour choisir un nouveau mot de passe, valable une heure.
reset-submit = Recevoir le lien
reset-sent-title = Vérifiez votre messagerie
reset-new-title = Choisir un nouveau mot de passe
reset-new-lead = Votre nouveau mot de passe remplacera l’ancien ; vos autres sessions seront fermées.
reset-new-submit = Enregistrer le mot de passe
invitation-title = Bienvenue
invitation-lead = Vous êtes invité(e) à rejoindre la plateforme de { $the_territory }. Vous pouvez choisir un mot de passe maintenant, ou plus tard vous connecter par un lien reçu par courriel.
invitation-password-hint = Facultatif. Au moins { $min } caractères.
invitation-accept = Accepter l’invitation

## Profile

profile-title = Mon profil
profile-identity = Identité
profile-saved = Votre profil est enregistré.
profile-password = Mot de passe
profile-password-submit = Changer le mot de passe
profile-password-saved = Votre mot de passe est enregistré ; vos autres sessions ont été fermées.
profile-no-email = Aucune adresse enregistrée
profile-mandates = Mes mandats et fonctions
profile-no-mandate = Aucun mandat en cours.
profile-sessions = Sessions
profile-sessions-explain = Un appareil perdu ou partagé ? Fermez toutes vos sessions, sur tous les appareils, y compris celui-ci.
profile-logout-everywhere = Se déconnecter partout

## Directory

person-mandates = Mandats et fonctions en cours
person-contact = Coordonnées
person-unknown = Pas d’information
person-invite = Inviter cette personne
person-invite-explain = Indiquez son adresse électronique : elle recevra une invitation pour se connecter à la plateforme.
person-invite-submit = Envoyer l’invitation
person-invited = L’invitation est partie.
role-community-councillor = Élu communautaire
role-interco-staff = Agent intercommunal
role-municipal-councillor = Élu municipal
role-commune-staff = Agent communal
role-development-council = Membre du conseil de développement
role-inhabitant = Habitant
role-partner = Partenaire
function-president = Président
function-vice-president = Vice-président
function-mayor = Maire
function-deputy-mayor = Adjoint au maire
function-delegated-councillor = Conseiller délégué
function-councillor = Conseiller
function-ranked = { $function } ({ $rank }e)

## Spaces

spaces-title = Mes espaces
spaces-mine = Les espaces dont je suis membre
spaces-mine-none = Vous n’êtes encore membre d’aucun espace.
spaces-others = Autres espaces ouverts
spaces-others-none = Aucun autre espace ne vous est ouvert.
spaces-create = Créer un espace
spaces-create-submit = Créer l’espace
space-kind = Type d’espace
space-visibility = Visibilité
space-my-role = Mon rôle
space-members = Membres
space-members-none = Cet espace n’a pas encore de membre.
space-manage-members = Gérer les membres
space-kind-territory = Territoire
space-kind-commune = Commune
space-kind-commission = Commission thématique
space-kind-working-group = Groupe de travail
space-kind-mayors-conference = Conférence des maires
space-kind-development-council = Conseil de développement
visibility-public = Public : tout le monde, sans compte
visibility-territory = Territoire : élus et agents du territoire
visibility-restricted = Restreint : les membres de l’espace seulement
space-role-facilitator = Animateur
space-role-member = Membre
space-role-reader = Lecteur
members-title = Membres de l’espace « { $space } »
members-name = Nom
members-role = Rôle
members-actions = Retirer
members-role-of = { $name } : rôle
members-change-role = Changer
members-remove = Retirer
members-remove-name = Retirer { $name } de l’espace
members-add = Ajouter un membre
members-search = Nom de la personne
members-search-submit = Chercher
members-search-none = Aucune personne du territoire ne porte ce nom.
members-add-submit = Ajouter
members-added = La personne a été ajoutée.
members-role-changed = Le rôle a été modifié.
members-removed = La personne a été retirée de l’espace.

## Administration

admin-title = Administration
admin-mail = Envoi des courriels
admin-mail-smtp = Les courriels partent par { $transport }.
admin-mail-folder = Aucun serveur d’envoi n’est configuré : les courriels ne partent pas, ils sont écrits dans le dossier local ({ $transport }). Indiquez un serveur SMTP avec la variable COMCOM_SMTP_URL.
admin-jobs = Tâches en attente : { $pending } ; en échec définitif : { $failed }.
admin-outbox = Derniers courriels
admin-outbox-to = Destinataire
admin-outbox-subject = Objet
admin-outbox-state = État
admin-outbox-sent = Envoyé
admin-outbox-pending = En attente
admin-outbox-failed = Échec définitif
admin-outbox-retrying = Nouvel essai prévu ({ $error })
admin-import = Importer les élus
admin-import-explain = Fichiers du Répertoire national des élus (conseillers municipaux ou communautaires), au format CSV.
admin-import-file = Fichier CSV
admin-import-dry-run = Simulation : montrer ce qui changerait sans rien enregistrer
admin-import-submit = Importer
admin-communes = Espaces des communes
admin-communes-caption = Communes du territoire et leur espace
admin-commune-space = Espace
admin-commune-space-open = Ouvert
admin-commune-space-create = Ouvrir l’espace
admin-commune-space-create-for = Ouvrir l’espace de la commune { $name }
admin-invite = Inviter une nouvelle personne
admin-invite-explain = Pour une personne déjà connue (un élu importé, par exemple), passez par sa fiche dans l’annuaire.
admin-invite-submit = Envoyer l’invitation
admin-invited = L’invitation est partie.

## Error pages

error-403-title = Accès refusé
error-403-lead = Votre compte ne permet pas d’accéder à cette page. Si vous pensez que c’est une erreur, contactez l’administrateur de votre territoire.
error-csrf-title = Formulaire expiré
error-csrf-lead = Ce formulaire a expiré ou ne vient pas de ce site. Revenez à la page précédente, rechargez-la et recommencez.
error-413-title = Envoi trop volumineux
error-413-lead = Les données envoyées dépassent la taille autorisée.
error-400-title = Requête incorrecte
error-400-lead = Cette adresse ou ces données ne peuvent pas être lues.
error-405-title = Action non disponible
error-405-lead = Cette page ne peut pas être utilisée de cette façon.

## Personal data

privacy-account = Comptes des élus et agents
privacy-account-text = Pour les personnes qui ont un compte, la plateforme conserve leur nom, leur adresse électronique, leur téléphone s’ils l’indiquent, leurs mandats et fonctions (repris du Répertoire national des élus : nom, prénom, sexe, commune, fonction et dates, jamais la date de naissance ni la profession) et un mot de passe chiffré de façon irréversible. Une connexion dépose un cookie de session, et chaque page qui contient un formulaire un cookie technique qui le protège contre les envois frauduleux.

## Emails

mail-login-subject = Votre lien de connexion – { $territory }
mail-login-body =
    Bonjour,

    Voici votre lien pour vous connecter à la plateforme de { $the_territory } :

    { $link }

    Ce lien est valable 30 minutes et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce message : personne ne peut se connecter sans ce lien.
mail-reset-subject = Choisir un nouveau mot de passe – { $territory }
mail-reset-body =
    Bonjour,

    Pour choisir un nouveau mot de passe sur la plateforme de { $the_territory }, ouvrez ce lien :

    { $link }

    Ce lien est valable une heure et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.
mail-invitation-subject = Invitation à rejoindre la plateforme de { $the_territory }
mail-invitation-body =
    Bonjour,

    { $inviter } vous invite à rejoindre la plateforme de { $the_territory }, l’espace de travail commun de l’intercommunalité et de ses communes.

    Pour accepter, ouvrez ce lien :

    { $link }

    Cette invitation est valable 14 jours.

## Command line: accounts, mail

first-admin-name = Administrateur
cli-first-admin = Premier administrateur : ouvrez ce lien pour vous connecter (valable 24 heures, utilisable une fois), puis indiquez votre adresse et un mot de passe dans votre profil : { $link }
cli-serve-default = Base vide : installation du territoire { $name }.
cli-serve-bound = Écoute sur { $addr }.
cli-bind-hint = Choisissez une autre adresse avec --bind ou COMCOM_BIND, par exemple --bind 127.0.0.1:8081.
cli-smtp-invalid = COMCOM_SMTP_URL n’est pas valide : { $reason }
cli-smtp-not-url = ce n’est pas une adresse (exemple : smtp://utilisateur:motdepasse@smtp.example.fr:587?tls=starttls).
cli-smtp-scheme = l’adresse doit commencer par smtp:// ou smtps://.
cli-smtp-host = le nom du serveur manque ou n’est pas valide.
cli-smtp-port = le port doit être un nombre entre 1 et 65535.
cli-smtp-tls = tls= accepte starttls, tls ou none (smtps:// implique tls).
cli-smtp-parameter = seul le paramètre tls= est compris, une seule fois, sans chemin après le serveur.
cli-smtp-credentials = l’utilisateur et le mot de passe vont ensemble et doivent être encodés pour une adresse (%40 pour @).
cli-smtp-password-without-tls = le mot de passe partirait en clair (tls=none) vers une autre machine ; utilisez starttls ou tls.
cli-smtp-other = la configuration de l’envoi des courriels est incomplète.
cli-mail-from-invalid = COMCOM_MAIL_FROM « { $input } » n’est pas une adresse d’expéditeur valide (exemple : Communauté de communes <contact@example.fr>).
cli-help-user = Gère les personnes qui ont un compte.
cli-help-user-add = Crée une personne et affiche un lien de connexion à usage unique.
cli-help-email = Adresse électronique de la personne.
cli-help-name = Nom affiché (par défaut, le début de l’adresse).
cli-help-admin = En fait un administrateur de toute l’instance.
cli-help-admin-of = En fait un administrateur du territoire de ce SIREN.
cli-user-email-invalid = « { $input } » n’est pas une adresse électronique valide.
cli-user-name-invalid = le nom doit compter de 1 à 120 caractères, sans caractère de contrôle.
cli-user-exists = une personne a déjà l’adresse { $email } ; rien n’a été modifié.
cli-user-territory-missing = le territoire de SIREN { $siren } n’est pas installé (comcom init --epci { $siren }).
cli-user-created = Personne créée : { $name } <{ $email }>.
cli-user-link = Lien de connexion (valable 24 heures, utilisable une fois) : { $link }

## Import page

import-title = Import des élus
import-title-dry-run = Simulation de l’import des élus
import-no-file = Choisissez un fichier CSV à importer.
import-back = Retour à l’administration

## Mandates given by hand

mandates-manage = Mandats et fonctions
mandates-end = Mettre fin
mandates-end-label = Mettre fin au mandat « { $mandate } » aujourd’hui
mandates-add = Ajouter un mandat
mandates-role = Rôle
mandates-commune = Commune
mandates-no-commune = — aucune (mandat intercommunal) —
mandates-function = Fonction (élus seulement)
mandates-no-function = — aucune —
mandates-organisation = Organisme
mandates-organisation-hint = Pour un partenaire : département, parc naturel, services de l’État…
mandates-start = Début du mandat
mandates-add-submit = Ajouter le mandat
mandates-added = Le mandat est enregistré.
mandates-ended = Le mandat a pris fin aujourd’hui ; il reste dans l’historique.
error-mandate-role = Choisissez un rôle dans la liste.
error-mandate-commune = Choisissez une commune du territoire dans la liste.
error-mandate-commune-needed = Ce rôle se rattache à une commune : choisissez-la.
error-mandate-function = Cette fonction ne correspond pas au rôle choisi.
error-mandate-start = Indiquez une date de début valide, au plus tard dans un an (par exemple 2026-03-22).
profile-email-hint = Indiquez votre adresse pour recevoir les liens de connexion et retrouver votre compte.
profile-official-name = Votre nom est celui du Répertoire national des élus ; il est publié tel quel.
error-person-has-email = Cette personne a déjà une adresse : elle se connecte par un lien reçu par courriel ou en réinitialisant son mot de passe.
error-already-member = Cette personne est déjà membre de l’espace ; changez son rôle dans la liste des membres.
error-last-facilitator = L’espace doit garder au moins un animateur : nommez-en un autre d’abord.
import-dry-run-web = Simulation : rien n’a été enregistré. Renvoyez le fichier sans cocher « Simulation » pour appliquer.
import-more-lines = … et { $count } autres lignes (la commande comcom import elus les liste toutes).
