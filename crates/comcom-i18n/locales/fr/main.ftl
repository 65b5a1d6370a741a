## Shared by every page

site-skip-link = Aller au contenu
site-nav-label = Navigation principale
site-home = Accueil
site-communes = Communes
site-footer-label = Pied de page
site-powered-by = Plateforme comcom, logiciel libre
site-legal-notice = Mentions légales
site-privacy = Données personnelles
site-accessibility = Accessibilité : non conforme
site-language-label = Langue
site-language-switch = English
site-language-switch-title = Read this site in English
site-request-id = Identifiant de la requête : { $id }
site-breadcrumb = Fil d’Ariane

## Territory kinds, spelled out

territory-kind-cc = Communauté de communes
territory-kind-ca = Communauté d’agglomération
territory-kind-cu = Communauté urbaine
territory-kind-metro = Métropole
territory-kind-met69 = Métropole de Lyon

## Home page

home-title = { $name }
home-intro = { $kind } regroupant { $count ->
    [one] une commune
   *[other] { $count } communes
} et { $population } habitants (population municipale).
home-key-figures = Chiffres clés
home-kind = Nature juridique
home-siren = SIREN
home-population = Population municipale
home-population-note = Population municipale légale publiée par l’Insee, qui sert de référence pour les textes réglementaires.
home-communes-count = Communes membres
home-communes = Les communes membres
home-communes-caption = Communes membres de { $the_territory }, par ordre alphabétique, avec leur population municipale
home-commune-name = Commune
home-commune-insee = Code INSEE
home-commune-population = Population municipale
home-total = Total

## Commune page

commune-title = { $name }
commune-intro = Commune membre de { $the_territory }.
commune-identity = Identité
commune-insee = Code INSEE
commune-siren = SIREN
commune-population = Population municipale
commune-population-totale = Population totale
commune-website = Site internet
commune-website-unknown = Non renseigné
commune-mayor = Maire
commune-mayor-unknown = La liste des élus de la commune n’a pas encore été importée.
commune-space = Espace de la commune
commune-council = Conseil municipal
commune-space-open = La commune a ouvert son espace de travail, réservé aux élus et agents du territoire :
commune-space-link = espace de la commune
home-bureau = Le bureau
commune-space-none = La commune n’a pas encore ouvert son espace sur la plateforme.
commune-share = Part de la population de { $the_territory } : { $share } %
commune-back = Toutes les communes de { $the_territory }

## Error pages

error-404-title = Page introuvable
error-404-lead = La page « { $path } » n’existe pas ou n’existe plus.
error-404-help = Vous pouvez revenir à l’accueil ou choisir une commune ci-dessous.
error-404-home = Revenir à l’accueil
error-500-title = Une erreur est survenue
error-500-lead = Le service n’a pas pu répondre à votre demande. L’équipe technique peut retrouver ce qui s’est passé grâce à l’identifiant ci-dessous.
error-503-title = Service momentanément indisponible
error-503-lead = La base de données ne répond pas. Réessayez dans quelques minutes.
error-no-territory-title = Aucun territoire configuré
error-no-territory-lead = Cette instance ne sert encore aucun territoire. Un administrateur peut en ajouter un avec la commande « comcom init --epci SIREN ».

## Legal pages

legal-notice-title = Mentions légales
legal-publisher = Éditeur du site
legal-publisher-text = Ce site est édité par { $the_territory } ({ $kind }), SIREN { $siren }.
legal-director = Directeur de la publication
legal-director-named = { $director }, pour { $the_territory }.
legal-contact = Contact
legal-contact-text = Écrivez à { $email }.
legal-director-text = Le président ou la présidente de { $the_territory }.
legal-host = Hébergement
legal-host-text = { $host }
legal-host-default = L’hébergeur est celui choisi par { $the_territory } pour faire fonctionner la plateforme ; ses coordonnées peuvent être demandées au secrétariat de la collectivité.
legal-software = Logiciel
legal-software-text = Le site fonctionne avec comcom, logiciel libre publié sous licence AGPL.
legal-data = Données publiques
legal-data-text = Les populations et codes officiels proviennent du Code officiel géographique de l’Insee et de la liste des EPCI de la DGCL, diffusés par Etalab sous licence libre.
privacy-title = Données personnelles
privacy-lead = Consulter ce site ne demande aucun compte et aucune donnée personnelle.
privacy-cookies = Cookies
privacy-cookies-text = Le site n’utilise ni cookie publicitaire, ni mesure d’audience, ni service tiers. Un visiteur ne reçoit qu’un cookie, et seulement s’il choisit une langue : il retient ce choix pendant un an. Les cookies techniques des formulaires et des comptes sont décrits ci-dessous.
privacy-logs = Journaux techniques
privacy-logs-text = Pour la sécurité du service, le serveur enregistre l’adresse demandée, la date et un identifiant de requête. Ces journaux ne servent qu’à diagnostiquer les incidents.
privacy-rights = Vos droits
privacy-rights-text = Conformément au règlement général sur la protection des données (RGPD) et à la loi « Informatique et libertés », vous pouvez exercer vos droits d’accès, de rectification et d’effacement auprès de { $the_territory }. Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL.
a11y-title = Déclaration d’accessibilité
a11y-lead = { $The_territory } s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.
a11y-status = État de conformité
a11y-status-text = Ce site n’a pas encore fait l’objet d’un audit de conformité au référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1. Faute d’audit, il est déclaré non conforme, même si les contrôles décrits ci-dessous sont passés à chaque version.
a11y-tests = Vérifications réalisées
a11y-tests-text = Chaque page publique est contrôlée automatiquement à chaque version du logiciel : validité du code HTML, règles WCAG 2.1 niveaux A et AA vérifiées par axe-core dans un navigateur, navigation complète au clavier avec un focus visible. Les pages fonctionnent sans JavaScript.
a11y-limits = Limites connues
a11y-limits-text = Un contrôle automatique ne couvre pas tous les critères du RGAA ; un audit manuel reste à conduire.
a11y-feedback = Retour d’information et contact
a11y-feedback-text = Si vous ne parvenez pas à accéder à un contenu ou à un service, contactez { $the_territory } pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.
a11y-remedy = Voies de recours
a11y-remedy-text = Si vous avez signalé un défaut d’accessibilité sans obtenir de réponse satisfaisante, vous pouvez saisir le Défenseur des droits, par son formulaire en ligne, par un délégué dans votre région ou par courrier gratuit à : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

## Command line

cli-error = Erreur : { $message }
cli-hint = Conseil : { $message }
cli-siren-empty = aucun SIREN indiqué.
cli-siren-length = « { $input } » n’est pas un SIREN : un SIREN compte neuf chiffres.
cli-siren-digits = « { $input } » n’est pas un SIREN : un SIREN ne contient que des chiffres.
cli-siren-checksum = « { $input } » n’est pas un SIREN valide : la clé de contrôle ne correspond pas (faute de frappe ?).
cli-siren-unknown = aucun EPCI ne porte le SIREN { $siren } dans les données officielles embarquées.
cli-suggestions = Vouliez-vous dire :
cli-no-suggestion = Cherchez le territoire par son nom : comcom territories search MOTS
cli-init-exists = Le territoire { $name } (SIREN { $siren }) est déjà installé ; rien n’a été modifié.
cli-init-done = Territoire installé : { $name } (SIREN { $siren }), { $count ->
    [one] une commune
   *[other] { $count } communes
}.
cli-search-empty = indiquez au moins un mot à chercher, par exemple : comcom territories search vercors
cli-search-count = { $count ->
    [0] Aucun territoire trouvé
    [one] { $count } territoire trouvé
   *[other] { $count } territoires trouvés
}
cli-search-none-hint = Essayez un autre mot du nom de l’EPCI ou d’une de ses communes.
cli-search-through = par { $communes }
cli-installed-none = Aucun territoire n’est encore installé.
cli-installed-title = Territoires installés :
cli-database-error = la base de données « { $url } » est inaccessible : { $reason }
cli-database-url-invalid = l’adresse de base de données « { $url } » n’est pas reconnue : utilisez sqlite://CHEMIN ou postgres://…
cli-data-dir-error = impossible de créer le dossier de données « { $path } » : { $reason }
cli-bind-invalid = « { $input } » n’est pas une adresse d’écoute valide (exemple : 127.0.0.1:8080).
cli-bind-failed = impossible d’écouter sur { $addr } : { $reason }
cli-public-url-invalid = COMCOM_PUBLIC_URL « { $input } » n’est pas une adresse web valide (exemple : https://extranet.example.fr).
cli-serve-demo = Base vide : installation du territoire de démonstration { $name }.
cli-serve-listening = comcom est en ligne : { $url }
cli-usage-error = la commande est incorrecte.
cli-usage-unknown-argument = l’option « { $arg } » n’existe pas.
cli-usage-missing = il manque un argument obligatoire : { $arg }.
cli-usage-invalid-value = la valeur « { $value } » ne convient pas pour { $arg }.
cli-usage-unknown-command = la commande « { $arg } » n’existe pas.
cli-usage-help = Pour l’aide : comcom --help
cli-search-line = { $siren }  { $name } — { $count ->
    [one] une commune
   *[other] { $count } communes
}, { $population } habitants
cli-installed-line = { $siren }  { $name } — { $url }
cli-about = comcom, la plateforme de gouvernance d’une intercommunalité et de ses communes.
cli-help-serve = Lance le serveur web (installe le territoire de démonstration si la base est vide).
cli-help-bind = Adresse d’écoute, par exemple 127.0.0.1:8080 (sinon COMCOM_BIND).
cli-help-init = Ajoute un territoire (EPCI) et ses communes à partir des données officielles embarquées.
cli-help-epci = SIREN de l’EPCI, par exemple 243801024.
cli-help-territories = Cherche parmi les 1 255 EPCI ou liste les territoires installés.
cli-help-search = Cherche un EPCI par son nom ou celui d’une de ses communes (accents et majuscules indifférents).
cli-help-words = Mots à chercher.
cli-help-list = Liste les territoires installés sur cette instance.
cli-log-filter-invalid = COMCOM_LOG n’est pas un filtre lisible ; le niveau « { $value } » est utilisé.
cli-log-format-invalid = COMCOM_LOG_FORMAT « { $value } » est inconnu (json ou text) ; le texte lisible est utilisé.
cli-help-help = Affiche cette aide.
cli-help-version = Affiche la version.
cli-help-commands = Commandes{"\u00A0"}
cli-help-options = Options{"\u00A0"}
cli-help-command-name = COMMANDE
cli-help-usage = Utilisation :
cli-usage-missing-value = il manque la valeur de { $arg }.
cli-siren-commune = { $siren } est le SIREN de la commune { $commune }, membre de { $the_territory } ; c’est le SIREN de l’EPCI qu’il faut indiquer :
cli-search-more = Les { $count } premiers sont affichés ; ajoutez un mot pour préciser la recherche.
cli-db-cannot-open = impossible d’ouvrir le fichier de la base ; vérifiez que son dossier existe et qu’il est accessible en écriture.
cli-db-not-sqlite = ce fichier existe mais n’est pas une base SQLite.
cli-db-missing = cette base de données n’existe pas ; créez-la d’abord (par exemple createdb comcom).
cli-db-auth = le serveur refuse l’utilisateur ou le mot de passe indiqués dans l’adresse.
cli-db-refused = aucun serveur de base de données ne répond à cette adresse.
cli-db-timeout = la base ne répond pas dans le délai (serveur injoignable ou surchargé).
cli-db-read-only = la base est en lecture seule ; vérifiez les droits sur le fichier et son dossier.
cli-help-remove = Retire un territoire installé et tout ce qui lui appartient (communes, personnes, mandats, espaces).
cli-help-yes = Confirme le retrait.
cli-remove-not-installed = aucun territoire installé ne porte le SIREN { $siren }.
cli-remove-confirm = Retirer { $name } (SIREN { $siren }) effacerait ses { $count } communes, ses { $people } personnes avec leurs mandats, ses espaces et ses actualités ; les administrateurs de toute l’instance restent. Relancez avec --yes pour confirmer.
cli-remove-done = Territoire retiré : { $name } (SIREN { $siren }), { $count } communes et { $people } personnes effacées.
cli-help-commune-spaces = Ouvre l’espace des communes indiquées : all (toutes), none (aucune) ou des codes INSEE séparés par des virgules ; leur maire en devient le premier animateur.
cli-commune-not-member = « { $input } » n’est pas le code INSEE d’une commune de { $name }.
cli-communes-of = Communes du territoire : { $communes }
cli-spaces-opened = Espaces ouverts : { $communes }.
cli-spaces-none-new = Les espaces demandés étaient déjà ouverts.
cli-retry-invalid = COMCOM_RETRY_BASE_SECONDS « { $input } » doit être un nombre de secondes entre 1 et 3600.
cli-init-exists-spaces = Le territoire { $name } (SIREN { $siren }) est déjà installé.
