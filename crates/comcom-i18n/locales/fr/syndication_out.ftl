# Outbound syndication: feeds, the interco zone on communes' sites, oEmbed,
# the syndication charter and the approval queue of a commune's zone.

feed-title-json = Actualités (JSON Feed) – { $name }
site-syndication-charter = Charte de syndication
admin-syndication = Syndication
admin-syndication-explain = La charte de syndication fixe ce qui circule entre le site de l’intercommunalité et ceux des communes ; chaque commune peut afficher la zone de l’intercommunalité sur son site.
category-title = Actualités : { $name }
article-categories = Catégories :
field-article-categories = Catégories
error-article-category = Choisissez des catégories de la liste.

zone-heading = { $territory } – actualités pour { $commune }
zone-empty = Aucune actualité de l’intercommunalité pour le moment.
zone-attribution-default = Publié par { $territory }
zone-source = Toutes les actualités de { $territory }
zone-charter = Charte de syndication
zone-read-on-site = Lire sur le site de l’intercommunalité
zone-error-no-commune = Indiquez la commune de la zone avec le paramètre commune (son code INSEE, par exemple commune=38548).
zone-error-commune-code = « { $value } » n’est pas un code INSEE de commune (cinq caractères, par exemple 38548).
zone-error-unknown-commune = La commune de code INSEE { $value } ne fait pas partie de { $territory }.
zone-error-limit = Le nombre d’actualités (limit) doit être un nombre entier de 1 à { $max }.
zone-error-relevance = Le paramètre relevance accepte local (actualités de la commune et de tout le territoire), commune (celles de la commune seulement) ou all (toutes).
zone-error-space = Aucun espace public « { $value } » sur ce site.
zone-error-category = Aucune catégorie « { $value } » sur ce site.
zone-error-article = Cette actualité n’existe pas ou n’est plus publiée.
oembed-error-format = Seul le format json est proposé.
oembed-error-no-url = Indiquez l’adresse de la page à intégrer avec le paramètre url.
oembed-error-unknown = Cette adresse n’est pas une page intégrable de ce site (une actualité publique, une page de commune ou une zone).

charter-title = Charte de syndication
charter-admin-title = Charte de syndication et catégories
charter-not-written = La charte n’a pas encore été rédigée ; les règles ci-dessous s’appliquent.
charter-rules = Règles en vigueur
charter-outbound = Actualités de l’intercommunalité dans la zone des communes
charter-inbound = Actualités des communes sur le site de l’intercommunalité
charter-attribution = Mention de la source
charter-retention = Durée d’affichage
charter-retention-days = { $value ->
    [one] { $value } jour
   *[other] { $value } jours
}
charter-updated = Mise à jour le { $date }
charter-mode-approve = Chaque actualité est validée par la collectivité qui la reçoit
charter-mode-accept-all = Toutes les actualités sont affichées dès leur publication
charter-yes = Oui
charter-no = Non
charter-categories = Catégories et sens de diffusion
charter-categories-caption = Sens dans lequel circule chaque catégorie
charter-category = Catégorie
charter-direction-outbound = Vers les communes
charter-direction-inbound = Vers l’intercommunalité
charter-feeds = Flux
charter-feeds-explain = Les actualités publiques sont aussi diffusées en flux, que les sites des communes peuvent reprendre.
charter-public-link = Voir la charte publiée
charter-body = Texte de la charte
charter-body-hint = En Markdown. Il est affiché tel quel sur la page publique de la charte.
charter-attribution-hint = Laissez vide pour « Publié par { $territory } ». Un lien vers la source est toujours ajouté.
charter-retention-field = Durée d’affichage (en jours)
charter-retention-hint = Une actualité plus ancienne ne figure plus dans la zone des communes.
charter-categories-hint = Une actualité d’une catégorie qui ne va pas vers les communes reste sur le site de l’intercommunalité.
charter-category-outbound = { $name } : vers les communes
charter-category-inbound = { $name } : vers l’intercommunalité
charter-category-delete = Supprimer la catégorie { $name }
charter-categories-manage = Catégories d’actualités
charter-category-name = Nouvelle catégorie
charter-category-add = Ajouter la catégorie
charter-save = Enregistrer la charte
charter-saved = La charte est enregistrée.
charter-category-added = La catégorie est ajoutée.
charter-category-deleted = La catégorie est supprimée.
charter-error-mode = Choisissez une des deux règles proposées.
charter-error-retention = Indiquez un nombre de jours entre 1 et { $max }.
charter-error-category-name = Donnez un nom à la catégorie.
charter-error-category-exists = La catégorie « { $name } » existe déjà.

zone-snippets-title = Zones à intégrer sur les sites des communes
zone-snippets-intro = Chaque commune peut afficher les actualités de l’intercommunalité sur son propre site, sous trois formes :
zone-snippets-script = un script et un élément <comcom-zone>, le plus simple, qui s’adapte au site par ses propriétés CSS (--comcom-zone-accent…) ;
zone-snippets-iframe = un cadre (iframe), qui fonctionne sans JavaScript sur le site hôte ;
zone-snippets-fragment = un fragment HTML, que le serveur du site insère lui-même dans ses pages.
zone-snippets-options = Réglages possibles : limit (nombre d’actualités, de 1 à 20), space (un espace), category (une catégorie), relevance (local, commune ou all) et lang (fr ou en). Un changement apparaît sur les sites des communes en cinq minutes au plus.
zone-snippets-preview = Aperçu de la zone
zone-snippets-queue = Validation des actualités
zone-snippets-script-title = Script et élément
zone-snippets-iframe-title = Cadre (iframe)
zone-snippets-fragment-title = Fragment HTML (adresse à lire côté serveur)

zone-queue-tab = Validation – { $commune }
zone-queue-title = Actualités de l’intercommunalité pour { $commune }
zone-queue-mode-approve = La charte demande que la commune valide chaque actualité : seules les actualités acceptées figurent dans sa zone.
zone-queue-mode-accept-all = La charte affiche toutes les actualités dès leur publication ; vos décisions serviront si la charte demande un jour une validation.
zone-queue-empty = Aucune actualité de l’intercommunalité à examiner.
zone-queue-caption = Actualités proposées à la zone de la commune
zone-queue-item = Actualité
zone-queue-date = Publication
zone-queue-state = État
zone-queue-actions = Décision
zone-queue-pending = À examiner
zone-queue-accepted = Acceptée
zone-queue-refused = Refusée
zone-queue-accept = Accepter « { $title } »
zone-queue-refuse = Refuser « { $title } »
zone-queue-accept-short = Accepter
zone-queue-refuse-short = Refuser
zone-queue-saved = La décision est enregistrée.

# Audit log (/admin/journal)
audit-kind-syndication-outbound-accepted = Actualité de l’intercommunalité acceptée pour la zone d’une commune
audit-kind-syndication-outbound-refused = Actualité de l’intercommunalité refusée pour la zone d’une commune

# Public calendar feeds (/agenda.ics) and the meeting form's box
public-events-feed-title = Agenda public – { $name }
public-events-field = Réunion ouverte au public
public-events-field-hint = Elle paraît dans l’agenda public du territoire (iCalendar, /agenda.ics) avec son titre, son ordre du jour, sa date et son lieu, jamais la liste des convoqués ni le lien de visioconférence.
public-events-label = Agenda public
public-events-shown = Ouverte au public, elle paraît dans l’agenda public du territoire.
public-events-feed-link = S’abonner à l’agenda public (iCalendar)

# Files attached to an article (page, form, feeds' enclosures)
article-files-after-save = Des fichiers (PDF, images…) pourront être joints à l’article une fois enregistré, avec « Modifier l’actualité » sur sa page.
article-files-title = Pièces jointes
article-files-none = Aucune pièce jointe.
article-files-add = Joindre un fichier
article-files-hint = Un fichier à la fois, { $max } au plus, { $count } par article (PDF, image, texte, tableur, document bureautique…). Il est proposé au téléchargement sur la page de l’article et joint à ses flux.
article-files-submit = Joindre le fichier
article-files-remove = Retirer « { $name } »
article-files-remove-short = Retirer
article-files-full = Cet article porte déjà le nombre maximal de pièces jointes : retirez-en une pour en joindre une autre.
article-files-error-too-many = Un article porte au plus { $max } pièces jointes : retirez-en une d’abord.
