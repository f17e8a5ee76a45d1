"""``ockg_places``: countries, regions, cities, areas, borders, roads, rivers and facilities.

How each kind is found (the lexicons are data: ``countries.yaml``, ``areas.yaml``, pycountry's
ISO 3166-2 and GeoNames cities through :mod:`kg.lexicon.gazetteer`):

1. gazetteers. Countries and named areas through a ``PhraseMatcher`` on lower-case forms (plus
   one on exact forms for case-sensitive abbreviations such as "US"); regions and the 69,000
   GeoNames cities through a hash index of capitalised names (tokenising that many patterns
   would cost seconds at start-up). Each span's readings are ranked: countries, then named
   areas, then regions and cities; exact spellings before accent-folded ones; the document's
   country before its neighbours before the world.

   - A region needs the document's country, a neighbour, the NER's "GPE" or a cue ("Borno
     State", "the Tumbes and Piura regions", "Kapisa and Laghman Provinces", "regions like
     Cajamarca", "the state of Sinaloa"). A region of the document's country or a neighbour is
     also found in another romanisation ("Al-Suwaidaa" for "As Suwaydā'", "Sistan-Baluchistan"
     for "Sīstān va Balūchestān": :func:`kg.lexicon.gazetteer.transliteration_key`, whose
     articles, joining words and letter groups are in ``areas.yaml``), where no exact reading
     crosses the name.
     With a cue the region wins over a city of the same name, with a town cue ("the city of
     Puno", "Puno city", "the town of Colima", "Boké airport") the city wins; without one a
     city wins only if it is the largest of its region (Lima, Cusco; not Puno or Guanajuato),
     and in a list naming regions ("Jalisco, Guanajuato and Colima") the region wins.
   - A city needs to lie in the document's country or a neighbour, to have a million
     inhabitants, to be tagged a location by the NER, or (300,000 inhabitants) a context that
     places it ("via Rotterdam", "Antwerp and Rotterdam"); a city of the document's country
     right after a locative preposition overrules any NER reading but a person or a people
     ("the killing in Tsim Sha Tsui 18 months ago").
   - A region head after a further name belongs to that name ("Northern Shan State": no cue
     for a region "Northern"). It is refused where the tagger or the
     NER says the word is not a place name (a month, a common noun, a person or organisation
     other than the name itself), or where it is part of a longer name ("Villa El Salvador").
   - A country is refused before a currency ("US dollars"), inside an organisation's name ("US
     State Department") or, abbreviated, qualifying a common noun ("US agents"; not "in US
     cities"), and no other finder takes such a span; no place is found inside the name of a
     body of ``non_actors.yaml``.
2. cues for places no gazetteer knows: "<Name> region/province" (when not ISO), "the <head> of
   <names>" (a town of the document's country after a settlement head, "the communities of Tchika
   and Kofia"; an area after an administrative one, "the divisions of Mayo-Sava and
   Logone-et-Chari"), "<Name> village/town/neighbourhood" (a town: "Al-Sha’ab village"), coasts
   named after a sea or an unknown name ("the Pacific coast", "the Makran coast": areas of their
   own; a country's coast stays the country), "protected areas like La Pampa", "<Name> National
   Park", rivers ("the <Name> River", "Río <Name>"), roads ("<Name> highway", "Route 66", one-word
   street names by their ending: "Wildenbruchstrasse"), facilities ("Gioia Tauro port", "Port of
   Callao", "Gamarra Emporium", "markets such as Polvos Azules"), and borders ("the Peru–Ecuador
   border", "the Ecuadorian border", "the borders with Brazil, Colombia and Bolivia", "the
   Iran-Afghan border", "the border between Norte de Santander in Colombia and Táchira in
   Venezuela"; a tripoint, "the juncture with Chile and Bolivia", is not a border zone);
3. GeoNames towns of 1,000 to 5,000 inhabitants (a table apart, :mod:`kg.nlp.places.small_towns`)
   on names no other finder took, only in the document's country or the one stated after the
   name ("Paradise, Guyana"), and only where the NER tags a location, a locative preposition
   opens the name's list ("seized near Safim") or a town cue goes with it;
4. the statistical NER's spans left unexplained: a GPE becomes a city of the document's country
   (``place/city/<ISO2>/<slug>``: districts and towns GeoNames lacks), a LOC or FAC an area
   (``place/area/<slug>``, parent None), with a low confidence; a name inside a facility's
   counts too ("the port of Kismayu": the port and the town), but not one that reads as a
   person's (cut before a surname: "Ridouan Taghi"; after "by"; alone on its line: a byline);
5. an unexplained proper name listed after a town of the document's country, in a list a
   locative preposition opens, is a town of that country ("at Kismayu and Barawe",
   :mod:`kg.nlp.places.listed_towns`).

Spans leave out a leading "the" and lower-case type words ("La Libertad" in "La Libertad
region", "Panamericana Sur" in "Panamericana Sur highway"), but keep a demonym that qualifies an
area ("Peruvian Amazon") and the words of a facility ("port of Manzanillo").

Borders: one ``place/border/<A>-<B>`` entity per pair (ISO codes sorted), ``parent`` None, the
two sides being the codes of the key (:mod:`kg.lexicon.place_entities`). The
countries named in a border phrase also get their own mentions, since analysts query both. In a
list ("the borders with Brazil, Colombia and Bolivia") every border spans the whole phrase; if
:func:`kg.nlp.spans.add_mention` refuses a second entity over the same span, the n-th border
falls back to the span from "borders" to the n-th country.

Every mention yields to actor mentions (``ockg_actors`` runs first), so "Tren de Aragua" never
contains the Venezuelan state of Aragua.
"""

from kg.lexicon.load import place_cues
from kg.lexicon.models import FacilityHead, PlaceCues
from kg.nlp.places.component import PlaceFinder, make_place_finder
from kg.nlp.places.words import (
    CAPITAL_CITY_POPULATION,
    CONFIDENCE,
    LOCATIVE_CITY_POPULATION,
    NEIGHBOUR_CITY_POPULATION,
    WORLD_CITY_POPULATION,
)

__all__ = [
    "CAPITAL_CITY_POPULATION",
    "CONFIDENCE",
    "LOCATIVE_CITY_POPULATION",
    "NEIGHBOUR_CITY_POPULATION",
    "WORLD_CITY_POPULATION",
    "FacilityHead",
    "PlaceCues",
    "PlaceFinder",
    "make_place_finder",
    "place_cues",
]
