"""The word lists the engine reads: speech verbs, gendered words and names, organisation and document nouns."""

from __future__ import annotations

SPEECH_LEMMAS = frozenset(
    """say tell add note remark warn state insist write ask explain declare reply respond answer
    comment suggest acknowledge admit argue assert claim confirm deny announce report stress
    emphasise emphasize repeat reiterate recall tout praise promise predict observe quip joke
    tweet post mention agree complain urge demand vow pledge threaten hail condemn criticise
    criticize accuse blame call describe voice echo thank conclude caution
    concede contend maintain reveal disclose testify whisper shout cry yell
    lament boast believe estimate recount allege charge counter retort muse wonder
    disagree protest object concur clarify elaborate summarise summarize plead order instruct
    brag scoff quote cite""".split()
)
FEMALE = frozenset(
    """she her hers herself ms mrs miss madam dame lady queen princess spokeswoman chairwoman
    congresswoman businesswoman mother daughter wife sister""".split()
)
MALE = frozenset(
    """he him his himself mr sir lord king prince spokesman chairman congressman businessman father
    son husband brother""".split()
)
FEMALE_NAMES = frozenset(
    """mary maria marie anna anne ann elizabeth sarah karine kamala hillary nancy angela ursula liz
    theresa marine giorgia annalena kaja victoria jill michelle jennifer linda susan karen laura
    emily jessica rachel catherine kate julia christine kristi gina janet samantha nikki marjorie
    alexandria elise lisa emma olivia sophie helen margaret ruth amy heather melania ivanka tulsi
    kristalina jacinda sanna mette ingrid valentina svetlana natalia natalya irina olga tatiana
    elena ekaterina yulia olena iryna kristina andrea claudia hasina sahra
    stephanie rebecca hannah lauren megan nicole amanda melissa deborah donna carol patricia
    barbara dorothy sandra ashley kimberly betty""".split()
)
MALE_NAMES = frozenset(
    """john joe joseph donald vladimir sergey sergei lloyd antony anthony pat patrick mike michael
    victor kevin david james robert william richard thomas mark paul peter george dmitry dmitri
    volodymyr emmanuel olaf boris rishi keir xi narendra recep benjamin mohammed muhammad ali
    ahmed jake kurt mitch chuck bernie barack bill jens andrew charles henry jack tom
    steve stephen matthew daniel antonio friedrich alexander alexei alexey andriy oleksandr
    dmytro yevgeny yevgeniy valery valeriy nikolai mikhail ivan igor oleg viktor jean-yves
    justin scott brian eric jim tim ron rick ted marco jd hunter chris christopher ben sam
    max luke adam jason ryan gary larry frank raymond gregory dennis walter jerry""".split()
)


_HEADLINE_CUES = frozenset("says said warns tells adds claims vows urges insists confirms denies".split())
_NAMING = frozenset("proclaim dub label name title term brand".split())


# Verbs that are no speech verbs in a sentence ("Seoul reacted angrily to the “provocation”")
# but introduce what follows when a line ends in a colon ("She reacted on social media:").
_INTRO_LEMMAS = frozenset("react weigh chime sum respond reply".split())


PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "i": None, "we": None, "they": None,
            "it": None, "you": None, "who": None, "which": None, "that": None}
_ORG_WORDS = frozenset(
    """institute agency center centre council ministry department committee party university
    group bank company news times post media organization organisation association foundation
    office commission command forces army navy court parliament assembly government""".split()
)


# Nouns for a country's institutions, which speak for it: "South Korea’s military said".
_DOCUMENTS = frozenset("statement report document letter communique post message release note".split())
_INSTITUTIONS = frozenset(
    """government military army navy ministry office embassy agency media forces authority
    administration police parliament court leadership regime state cabinet presidency kremlin
    command""".split()
)


_INDEFINITE = frozenset("a an one another some".split())


_OFFICES = frozenset("minister president premier chancellor secretary general admiral ambassador leader".split())
# Nouns for a person that stand for any title: "the Taiwan leader" is its president.
_ROLE_NOUNS = frozenset("leader chief head boss".split())
_SMALL_WORDS = frozenset("a an the of in on at to for and or but with by from as".split())


_NAMING_WORDS = frozenset(
    "so-called dubbed named titled labelled labeled phrase word term slogan label motto expression nickname".split()
)
_ANONYMOUS_LABELS = frozenset("q question a answer reporter interviewer moderator host audience voice".split())
_META_LABELS = frozenset(
    """note update source photo photos credit watch read related breaking editor's note video
    image caption correction disclaimer tags share advertisement subscribe""".split()
)


_CREDIT_WORDS = frozenset(
    "getty images afp ap reuters photo photos file pool epa via credit shutterstock tass sputnik xinhua yonhap".split()
)


_DEMONSTRATIVES = frozenset("that this those these such".split())
_SAYING_NOUNS = frozenset(
    "word remark comment message verdict assessment warning answer reply response view promise vow".split()
)
