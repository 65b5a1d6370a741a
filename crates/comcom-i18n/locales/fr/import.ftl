## Import of elected officials from the Répertoire national des élus (RNE)

cli-help-import = Importe des données dans comcom.
cli-help-import-elus = Importe un fichier du Répertoire national des élus : conseillers municipaux ou conseillers communautaires (le type est reconnu à l’en-tête).
cli-help-import-file = Fichier CSV téléchargé sur data.gouv.fr (ou réenregistré par un tableur).
cli-help-dry-run = Montre ce que l’import changerait, sans rien enregistrer.

import-kind = { $kind ->
    [municipal] conseillers municipaux
   *[community] conseillers communautaires
}
import-summary = Fichier des { $kind ->
    [municipal] conseillers municipaux
   *[community] conseillers communautaires
} du Répertoire national des élus : { $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
}, encodage { $value }.
import-dry-run = Simulation : rien n’a été enregistré. Relancez sans --dry-run pour appliquer.
import-result = Mandats : { $value }.
import-count-created = { $count ->
    [one] { $count } créé
   *[other] { $count } créés
}
import-count-updated = { $count } mis à jour
import-count-unchanged = { $count ->
    [one] { $count } inchangé
   *[other] { $count } inchangés
}
import-count-ended = { $count ->
    [one] { $count } terminé
   *[other] { $count } terminés
}
import-count-rejected = Lignes rejetées : { $count }.
import-count-merged = { $count ->
    [one] Une ligne répète une personne déjà lue (une ligne par fonction dans le RNE) : regroupée avec la première.
   *[other] { $count } lignes répètent une personne déjà lue (une ligne par fonction dans le RNE) : regroupées avec la première.
}
import-rejected-title = Lignes rejetées (corrigez-les dans le fichier puis importez-le de nouveau ; les autres lignes sont appliquées) :
import-line = ligne { $line } : { $reason }
import-ended-title = Mandats terminés (personnes absentes du nouveau fichier pour leur commune, ou mandat renouvelé) :
import-ended-title-dry-run = Mandats qui seraient terminés (personnes absentes du nouveau fichier pour leur commune, ou mandat renouvelé) :
import-ended-line = { $name } — { $commune } ({ $function })
import-ended-line-councillor = { $name } — { $commune }
import-kept-title = Mandats laissés en cours :
import-kept = { $name } : { $count ->
    [one] un mandat absent du fichier reste en cours
   *[other] { $count } mandats absents du fichier restent en cours
}, car des lignes rejetées pourraient concerner cette commune.
import-read-error = impossible de lire le fichier « { $path } » : { $reason }
import-file-error = le fichier « { $path } » ne peut pas être importé : { $reason }

## Why a whole file cannot be read

import-file-empty = il est vide.
import-file-not-text = ce n’est pas un fichier texte (CSV) ; vérifiez qu’il ne s’agit pas d’un classeur Excel ou d’une archive.
import-file-unknown-kind = ce n’est ni le fichier des conseillers municipaux ni celui des conseillers communautaires du Répertoire national des élus (en-tête lu : « { $value } »).
import-file-missing-columns = il ressemble au fichier des { $kind ->
    [municipal] conseillers municipaux
   *[community] conseillers communautaires
}, mais { $count ->
    [one] une colonne manque
   *[other] des colonnes manquent
} : { $value }.
import-file-no-lines = il ne contient que l’en-tête, aucun élu.

## Why a line is rejected

import-line-truncated = ligne incomplète : { $count } colonnes au lieu de { $expected }
import-line-too-long = ligne trop longue : { $count } colonnes au lieu de { $expected } (un point-virgule de trop dans un nom ?)
import-missing-commune = code de la commune manquant
import-missing-siren = SIREN de l’EPCI manquant
import-missing-surname = nom de l’élu manquant
import-missing-given-name = prénom de l’élu manquant
import-missing-sex = code sexe manquant
import-missing-birth-date = date de naissance manquante
import-missing-mandate-start = date de début du mandat manquante
import-invalid-insee = code INSEE invalide « { $value } »
import-invalid-siren = SIREN invalide « { $value } »
import-invalid-sex = code sexe inconnu « { $value } » (F ou M attendu)
import-unreadable-birth-date = date de naissance illisible « { $value } » (format attendu : JJ/MM/AAAA)
import-unreadable-mandate-start = date de début du mandat illisible « { $value } » (format attendu : JJ/MM/AAAA)
import-impossible-birth-date = date de naissance impossible « { $value } »
import-impossible-mandate-start = date de début du mandat impossible « { $value } »
import-unknown-function = fonction inconnue « { $value } »
import-function-not-for-file = fonction « { $value } » inattendue dans le fichier des { $kind ->
    [municipal] conseillers municipaux
   *[community] conseillers communautaires
}
import-commune-not-installed = la commune { $insee } ({ $name }) n’est pas installée sur cette instance ; elle fait partie de { $territory } (pour l’installer : comcom init --epci { $siren })
import-commune-unknown = aucune commune ne porte le code INSEE { $insee } dans les données officielles embarquées
import-epci-not-installed = l’EPCI { $siren } ({ $name }) n’est pas installé sur cette instance (pour l’installer : comcom init --epci { $siren })
import-epci-unknown = aucun EPCI ne porte le SIREN { $siren } dans les données officielles embarquées
import-commune-not-in-epci = la commune { $insee } ({ $name }) n’est pas membre de { $territory }
