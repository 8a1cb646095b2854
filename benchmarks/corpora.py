"""Synthetic news corpora for the speed benchmark, built from sentences written for it.

Nothing here comes from a real corpus: the sentences below were written for this benchmark, so
the texts can be committed, regenerated anywhere and shared freely. They only need to look like
news to the tagger (sentence lengths, names, punctuation, a mix of geopolitical and everyday
stories); they say nothing about accuracy.

- :func:`articles`: ~3 KB articles: a headline line, then paragraphs of sampled sentences.
- :func:`summaries`: ~300-byte summaries: two sampled sentences.
- :func:`long_text`: one text of about ``n_bytes`` made by repeating generated articles.

Every generator is lazy and seeded, so ``articles(200_000)`` never holds a list and the same seed
gives the same texts on every machine.

Example:
    >>> first = next(articles(1, seed=7))
    >>> first == next(articles(1, seed=7))
    True
    >>> 2_900 <= len(first.encode("utf-8")) <= 3_300
    True
"""

from __future__ import annotations

import random
from collections.abc import Iterator

__all__ = ["HEADLINES", "SENTENCES", "articles", "long_text", "summaries"]

# Roughly two thirds geopolitical (security, diplomacy, trade, energy, elections, migration,
# climate talks, sanctions, maritime disputes), one third everyday news the tagger should not
# call geopolitical (sport, culture, local services, weather, companies, health, science).
SENTENCES: tuple[str, ...] = (
    # security and conflict
    "Defence ministers from NATO member states met in Brussels on Thursday to discuss ammunition "
    "stockpiles and air defence for the alliance's eastern flank.",
    "Ukrainian officials said overnight drone strikes had damaged an electricity substation near "
    "Kharkiv, leaving thousands of homes without power.",
    "The Russian defence ministry claimed its forces had taken control of a village in the Donetsk "
    "region, a report that could not be independently verified.",
    "Israeli and Hamas negotiators were expected in Cairo for another round of indirect talks on a "
    "ceasefire and the release of hostages held in Gaza.",
    "Sudan's army and the Rapid Support Forces traded artillery fire around El Fasher on Monday as "
    "aid agencies warned of spreading famine across Darfur.",
    "North Korea fired a ballistic missile into the sea off its east coast, the South Korean joint "
    "chiefs of staff said, the third launch this month.",
    "Armed groups in eastern Congo seized another mining town, and the United Nations said more "
    "than a hundred thousand people had fled in a week.",
    "The Pentagon announced a new military aid package for Kyiv that includes artillery shells, "
    "armoured vehicles and spare parts for air defence systems.",
    # maritime and territorial disputes
    "Chinese and Philippine coast guard vessels collided near Second Thomas Shoal in the South "
    "China Sea, and each side blamed the other for the incident.",
    "Houthi fighters in Yemen launched drones at a cargo ship in the Red Sea, forcing several "
    "shipping lines to reroute vessels around the Cape of Good Hope.",
    "Taiwan's defence ministry reported that dozens of Chinese military aircraft and warships had "
    "operated around the island over the previous twenty-four hours.",
    "Japan lodged a protest with Beijing after Chinese coast guard ships entered waters near the "
    "Senkaku Islands for the longest period on record.",
    "Venezuela and Guyana agreed to avoid the use of force in their dispute over the oil-rich "
    "Essequibo region after a meeting brokered by Brazil.",
    # diplomacy and summits
    "Leaders of the Group of Seven ended their summit in Italy with a pledge to use frozen Russian "
    "assets to back a fifty billion dollar loan for Ukraine.",
    "The foreign ministers of India and China agreed to resume patrols along their disputed "
    "Himalayan border after four years of tension and several deadly clashes.",
    "Saudi Arabia and Iran reopened their embassies under a deal mediated by China, restoring "
    "diplomatic ties that had been cut seven years earlier.",
    "The African Union suspended Niger's membership after the military seized power and detained "
    "the elected president in the capital, Niamey, last July.",
    "Turkey's parliament approved Sweden's bid to join NATO, clearing one of the last obstacles to "
    "the Nordic country's membership of the military alliance.",
    "The United Nations Security Council failed to adopt a resolution on the crisis after a veto "
    "by one of its five permanent members on Wednesday evening.",
    "Diplomats in Geneva described the talks as constructive but said no date had yet been set for "
    "a second round of meetings between the two delegations.",
    # trade, sanctions and economic statecraft
    "Washington added dozens of Chinese companies to its export control list, restricting their "
    "access to advanced semiconductors and chipmaking tools.",
    "The European Union imposed provisional tariffs of up to thirty-eight percent on electric cars "
    "imported from China after an anti-subsidy investigation.",
    "Beijing responded by opening an anti-dumping inquiry into European brandy and pork, a move "
    "widely seen as retaliation against the tariff decision in Brussels.",
    "The European Union adopted its fourteenth package of sanctions against Russia, targeting "
    "liquefied natural gas transshipments and a shadow fleet of tankers.",
    "India and the United Arab Emirates signed a trade agreement to settle more of their bilateral "
    "payments in rupees and dirhams rather than in US dollars.",
    "Mexico overtook China as the largest exporter of goods to the United States as manufacturers "
    "moved their factories closer to American consumers.",
    # energy and resources
    "OPEC and its allies agreed to extend voluntary oil output cuts well into next year, sending "
    "Brent crude prices sharply higher in early trading in London.",
    "Germany opened a floating terminal for liquefied natural gas on the Baltic coast as part of "
    "its effort to replace Russian pipeline supplies.",
    "Chile and Argentina discussed a joint strategy for lithium mining as soaring demand for "
    "batteries drives a race for the metal among the major powers.",
    "Indonesia's ban on nickel ore exports has drawn foreign smelter investment but also a "
    "complaint from the European Union at the World Trade Organization.",
    # elections and domestic politics with foreign angles
    "Voters in Taiwan elected a president from the Democratic Progressive Party, a result that "
    "Beijing said would not change the trend toward reunification.",
    "Opposition supporters in Georgia protested outside parliament in Tbilisi against a foreign "
    "agents law that critics say mirrors legislation in Russia.",
    "Election observers from the Organization for Security and Co-operation in Europe said the "
    "vote was well run but held in a restrictive environment.",
    "Senegal's new president pledged to review the country's oil and gas contracts with foreign "
    "companies and to reduce its long dependence on France.",
    # migration and humanitarian
    "Italy and Albania began operating two centres where asylum seekers rescued at sea will have "
    "their claims processed outside the European Union.",
    "The United Nations refugee agency said the number of people forcibly displaced worldwide had "
    "risen to a record for the twelfth year in a row.",
    "Boats carrying hundreds of Rohingya refugees from the crowded camps in Bangladesh landed in "
    "Indonesia's Aceh province after weeks adrift at sea.",
    # climate diplomacy and global health governance
    "Negotiators at the climate summit in Baku agreed that rich countries would provide three "
    "hundred billion dollars a year to developing nations by 2035.",
    "Small island states criticised the climate finance deal as far too little to cope with "
    "rising seas and the stronger storms driven by global warming.",
    "Member states of the World Health Organization failed to finalise a pandemic treaty after "
    "more than two years of negotiations over vaccine sharing.",
    # cyber and technology
    "Security researchers linked a hacking campaign against water utilities and ports to a group "
    "they say works for Chinese state intelligence.",
    "Britain and the United States sanctioned seven members of a Russian ransomware gang accused "
    "of attacking hospitals, schools and local governments.",
    # non-geopolitical: sport
    "The home side scored twice in the final ten minutes to win the cup final in front of a "
    "sell-out crowd, ending a twenty-year wait for a major trophy.",
    "The city marathon was held in cool and calm conditions, and the winner finished more than a "
    "minute ahead of the course record set last spring.",
    "The tennis player withdrew from the tournament with a wrist injury on Tuesday and said she "
    "hoped to return in time for the grass-court season.",
    # non-geopolitical: culture and entertainment
    "The film festival opened with a quiet family drama about three sisters who return to their "
    "childhood home by the sea after their mother's death.",
    "The museum will reopen its renovated sculpture hall next month, with free entry for school "
    "groups on weekday mornings and longer hours on Fridays.",
    "The band announced a reunion tour of thirty cities across the country, with tickets going on "
    "sale on Friday morning through the usual outlets.",
    # non-geopolitical: local services and weather
    "The city council approved a plan to add protected bike lanes on four busy streets and to "
    "lower the speed limit near primary schools from September.",
    "Forecasters expect heavy rain and gusty winds through the weekend, with a risk of local "
    "flooding in low-lying streets, car parks and underpasses.",
    "Commuters faced delays of up to an hour on Monday after a signal fault near the central "
    "station disrupted morning train and tram services.",
    "The public library extended its opening hours during exam season and added fifty quiet study "
    "desks and more power sockets on the second floor.",
    # non-geopolitical: business and technology
    "The carmaker reported higher quarterly profit as strong demand for its hybrid models more "
    "than offset weaker sales of petrol and diesel vehicles.",
    "Shares in the software company rose eight percent in after-hours trading after it raised its "
    "revenue and profit forecasts for the full year.",
    "The supermarket chain said it would cut prices on hundreds of everyday items from bread to "
    "nappies as shoppers remained cautious about spending.",
    "The phone maker unveiled a new handset with a larger battery, a brighter screen and a "
    "camera designed for low-light photography at concerts.",
    # non-geopolitical: health, science and lifestyle
    "Researchers found that adults who walked at least seven thousand steps a day had a markedly "
    "lower risk of heart disease over the following ten years.",
    "Astronomers using a space telescope observed a distant galaxy whose light left it less than "
    "four hundred million years after the Big Bang.",
    "The county hospital opened a new maternity ward with twenty private rooms, a birthing pool "
    "and a neonatal unit for premature and sick babies.",
    "Nutritionists recommend eating a wide range of vegetables, fruit, whole grains and pulses "
    "every day rather than relying on vitamin supplements.",
    "Gardeners were advised to water their plants early in the morning during the long dry spell "
    "and to use a thick layer of mulch to keep the soil cool.",
)

HEADLINES: tuple[str, ...] = (
    "NATO allies weigh new air defence pledges for Ukraine",
    "Coast guard ships collide near disputed shoal",
    "EU slaps provisional tariffs on Chinese electric cars",
    "Ceasefire talks resume in Cairo as Gaza aid stalls",
    "Red Sea attacks push shippers to longer routes",
    "India and China agree to restore border patrols",
    "Climate summit ends with disputed finance deal",
    "New sanctions target Russian gas and shadow fleet",
    "Protests grow in Tbilisi over foreign agents law",
    "OPEC+ extends output cuts as prices slide",
    "Sudan fighting threatens famine in Darfur",
    "Chip export curbs widen to more Chinese firms",
    "Home side ends twenty-year wait for cup",
    "Council backs bike lanes and lower speed limits",
    "Carmaker lifts forecast on hybrid demand",
    "Storm brings heavy rain and weekend delays",
    "Museum sculpture hall to reopen next month",
    "Study links daily walking to healthier hearts",
)


def _article(rng: random.Random, target_bytes: int) -> str:
    parts = [rng.choice(HEADLINES), "\n\n"]
    size = len(parts[0].encode("utf-8")) + 2
    in_paragraph = 0
    paragraph_len = rng.randint(2, 4)
    while size < target_bytes:
        if in_paragraph == paragraph_len:
            parts.append("\n\n")
            size += 2
            in_paragraph = 0
            paragraph_len = rng.randint(2, 4)
        elif in_paragraph:
            parts.append(" ")
            size += 1
        sentence = rng.choice(SENTENCES)
        parts.append(sentence)
        size += len(sentence.encode("utf-8"))
        in_paragraph += 1
    return "".join(parts)


def articles(n: int, *, seed: int = 1, target_bytes: int = 3_000) -> Iterator[str]:
    """Yield ``n`` news articles of about ``target_bytes`` UTF-8 bytes each (lazily)."""
    rng = random.Random(seed)
    for _ in range(n):
        yield _article(rng, target_bytes)


def summaries(n: int, *, seed: int = 2) -> Iterator[str]:
    """Yield ``n`` two-sentence summaries of about 300 bytes each (lazily)."""
    rng = random.Random(seed)
    for _ in range(n):
        first, second = rng.sample(SENTENCES, 2)
        yield f"{first} {second}"


def long_text(n_bytes: int, *, seed: int = 3) -> str:
    """Return one text of ``n_bytes`` UTF-8 bytes or just under, made of whole generated articles.

    Articles are joined by blank lines; the last one is cut at a sentence end so the text stays
    well formed (texts shorter than one article are cut at a sentence end inside it).
    """
    rng = random.Random(seed)
    pieces: list[str] = []
    size = 0
    while size < n_bytes:
        piece = _article(rng, 3_000)
        pieces.append(piece)
        size += len(piece.encode("utf-8")) + 2
    text = "\n\n".join(pieces)
    data = text.encode("utf-8")
    if len(data) <= n_bytes:
        return text
    head = data[:n_bytes].decode("utf-8", errors="ignore")
    cut = head.rfind(". ")
    return head[: cut + 1] if cut > 0 else head
