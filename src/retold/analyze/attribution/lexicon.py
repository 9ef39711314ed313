"""Word lists for attribution: verbs and nouns of saying and believing, denials, frames. General English, not per text."""
from __future__ import annotations

# verbs whose subject is a source and whose complement is what the source says, believes or finds
SPEECH_VERBS = frozenset(
    """say tell add announce claim state declare report write note explain argue insist maintain contend assert
    allege suggest warn caution predict promise pledge vow threaten deny reject dismiss refute dispute rebut confirm
    acknowledge admit concede agree disagree answer reply respond retort ask question wonder demand urge call
    describe characterize characterise label brand accuse blame criticize criticise condemn praise
    reveal disclose uncover discover find learn show indicate estimate calculate forecast project
    believe think feel reckon guess expect hope fear doubt consider assume know recall remember recount
    testify tweet post blog comment remark observe mention stress emphasize emphasise underline point
    conclude decide rule order instruct advise recommend propose concur boast complain lament acknowledge
    quip joke scoff mock cite quote tout hail signal imply hint counter repeat continue reiterate affirm
    announce broadcast publish post tweet speculate theorise theorize surmise recommend estimate""".split()
)

# verbs that only attribute when they take a clausal complement (threatened him with a gun is not speech)
CLAUSE_ONLY_VERBS = frozenset(
    """threaten promise hope fear expect know find show feel think believe call continue order decide
    remember recall point learn discover indicate signal ask wonder consider assume guess""".split()
)

# verbs that only attribute next to a quote ("“...,” he continued.")
QUOTE_ONLY_VERBS = frozenset("continue go begin start".split())

# verbs whose direct object is itself the content ("denied the report", "accused us of ...")
OBJECT_CONTENT_VERBS = frozenset(
    """deny reject dismiss refute dispute rebut confirm announce acknowledge admit accuse blame criticize
    criticise condemn praise describe reveal disclose uncover report cite quote tout hail predict
    promise pledge vow demand urge recommend propose defend endorse question""".split()
)

# verbs of doing that PolNeAR's training articles (840) almost never mark as a cue: of 25 or more uses as a verb,
# under 3% head one (break: 5 of 135, listed for the reader's report); a tagger's cue on one of them without a
# clause is a misreading ("broke that agreement")
ACTION_VERBS = frozenset(
    """abandon achieve arrive attend beat build carry clinch close collect compete conduct cross defeat deport
    destroy die donate drive drop elect eliminate enter extend fall fill finish fix flee fly fund gain gather grow
    hack host hurt invest kill lead leave lie live lose miss move obtain organize oversee own participate pay
    perform prepare protect pull reduce register remove replace resign retire rise save score secure sell serve
    settle sit stay succeed suffer survive travel treat trump vet violate visit wait wear win work break
    do take share meet keep""".split()  # light verbs say nothing without a clause ("did so", "shared an article")
)

# verbs of institutional and legal deeds: "X sued Y", "the party nominated Y", "Parliament voted against Z",
# "the court issued a judgement" report what a source did, not what it said (unless what they deliver is a noun of
# saying: "issued a statement"); PolNeAR marks a few as cues (a deed can show a stance), a reader does not
DEED_VERBS = frozenset(
    """sue countersue nominate renominate appoint elect reelect vote withdraw resign sign veto ratify enact pass
    approve issue release choose select pick hold file
    indict arrest detain convict acquit sentence fine jail imprison hire sack ban award grant
    impeach oust depose sanction""".split()
)

DENIAL_VERBS = frozenset("deny reject dismiss refute dispute rebut repudiate disavow contradict".split())
# verbs that make a negative complement a denial ("maintain that no deal was done")
INSISTING_VERBS = frozenset("say maintain insist claim state declare assert contend stress emphasize emphasise "
                            "reiterate repeat affirm argue".split())

SPEECH_NOUNS = frozenset(
    """denial claim statement warning message threat promise pledge assurance allegation accusation
    assertion insistence admission announcement remark comment explanation answer reply response warning
    prediction estimate report testimony account complaint criticism demand plea appeal request vow""".split()
)
DENIAL_NOUNS = frozenset("denial rejection refutation dismissal repudiation".split())

# verbs that deliver a speech-act noun: "had an ominous warning", "issued a statement"
DELIVERY_VERBS = frozenset("have issue give deliver make offer send release publish post voice sound express".split())

# prepositions that concede a claim: the main clause goes against it
CONCESSIVE = frozenset("despite notwithstanding amid".split())

NEGATORS = frozenset("no not never nothing nobody none neither nor n't no-one".split())
NEGATIVE_DETERMINERS = frozenset("no nothing nobody none never neither".split())

PRONOUNS = {
    "he": "singular", "him": "singular", "she": "singular", "her": "singular",
    "they": "plural", "them": "plural", "it": "neuter",
    "we": "first", "i": "first", "us": "first", "me": "first", "you": "second",
}
