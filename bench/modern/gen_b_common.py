"""gen_b_common.py - what set b's two generators share: the businesses of
the hosting provider's customers (their domains) and the way Thunderbird
writes an HTML part."""

DENT = "praxis-dr-lehmann.de"
BAK = "baeckerei-hofmann-kassel.de"
STB = "kranz-steuerberatung.de"
TSV = "tsv-eichenau.de"
MSP = "nordlicht-it.de"
SHOP = "kaffeeliebe-roesterei.de"
HOT = "hotel-seeblick-tegernsee.de"
EB = "elternbeirat-gs-ampark.de"
DEV = "mk-webdev.de"
LAW = "weber-schulte-recht.de"
CHA = "riverside-foodbank.org.uk"
APO = "apotheke-am-markt-bamberg.de"


def tb_html(html):
    """Thunderbird writes its HTML part in short lines"""
    return html.replace("><", ">\n<")
