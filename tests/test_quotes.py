"""The quote engine: the mark scanner on its own, then the spaCy component on short news texts."""

from __future__ import annotations

import pytest

from reader.nlp.analyze import analyze_texts
from reader.nlp.quotes import SPANS_KEY, scan_quotes


def scanned(text: str) -> list[str]:
    return [text[q.start : q.end] for q in scan_quotes(text)]


def analyse(nlp, text: str) -> dict:
    record = next(analyze_texts([text], nlp=nlp))
    for quote in record["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    return record


def quote(record: dict, words: str) -> dict:
    found = [q for q in record["quotes"] if q["text"].startswith(words)]
    assert len(found) == 1, (words, [q["text"] for q in record["quotes"]])
    return found[0]


# The scanner ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we will win." "Not soon," she said.', ["we will win.", "Not soon,"]),
        ("He said “we will win.” Then “not soon.”", ["we will win.", "not soon."]),
        ("Le ministre a dit « nous resterons ». Fin.", ["nous resterons"]),
        ("Analysts call it ‘a clear step up’ from the ’90s models.", ["a clear step up"]),
        ("NATO called on Russia to 'cease these actions immediately.'", ["cease these actions immediately."]),
        ("Pyongyang’s envoy and the troops’ morale, in the '90s, rock 'n' roll, don't.", []),
        (
            "'We ate grass,' said Kim. 'My children don't believe me.'",
            ["We ate grass,", "My children don't believe me."],
        ),
        ('Careless copy: “we will win" and "we will not lose”.', ["we will win", "we will not lose"]),
        ("He is 6'2\" tall and 5'10\" wide.", []),
        ("Scholz sagte „wir stehen zusammen“ und ging.", ["wir stehen zusammen"]),
        ("「我们准备好了」他说。", ["我们准备好了"]),
        ("``We will win,'' he said, and ``soon.''", ["We will win,", "soon."]),
        ("''We will win,'' he said, and ''soon.''", ["We will win,", "soon."]),  # NYT archive style
    ],
)
def test_marks_pair_into_quotes_and_apostrophes_are_not_quotes(text, expected):
    assert scanned(text) == expected


def test_nested_quotes_stay_inside_the_outer_quote():
    text = "“This is not a ‘partnership,’ it is a purchase,” said Revere."
    assert scanned(text) == ["This is not a ‘partnership,’ it is a purchase,"]


def test_an_unclosed_mark_loses_only_its_own_paragraph():
    text = (
        "Kovalenko’s post, titled “Who is fighting in Kursk, drew comments.\n"
        "Sandu said her country was “watching the east.” “We are not afraid,” she added.\n"
    )
    assert scanned(text)[-2:] == ["watching the east.", "We are not afraid,"]


def test_an_outer_mark_left_open_keeps_the_quote_inside():
    assert scanned("One thought on ““At least 3,000 soldiers, US says”") == ["At least 3,000 soldiers, US says"]


def test_a_quote_runs_on_into_the_next_paragraph_opening_with_a_mark():
    text = "“Russia fires ten thousand shells a day.\n“North Korea fills the gap,” she said.\nEnd."
    quotes = scan_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == [
        "Russia fires ten thousand shells a day.",
        "North Korea fills the gap,",
    ]
    assert quotes[0].chain == quotes[1].chain >= 0


@pytest.mark.parametrize(
    "text",
    ['"' * 100_000, "“" * 100_000, "”" * 100_000, "'" * 100_000, "‘’" * 50_000, "«" * 100_000],
    ids=["straight", "open", "close", "single", "single-pairs", "guillemet"],
)
def test_a_hundred_thousand_marks_scan_without_error(text):
    quotes = scan_quotes(text)
    assert all(0 <= q.start <= q.end <= len(text) for q in quotes)


def test_a_one_megabyte_line_scans_every_quote():
    sentence = "The minister said “we will win,” and added more. "
    text = sentence * (1_000_000 // len(sentence))
    quotes = scan_quotes(text)
    assert len(quotes) == text.count("“")
    assert all(text[q.start : q.end] == "we will win," for q in quotes)


# The component -------------------------------------------------------------------------------


def test_component_writes_spans_with_prefixed_attributes(nlp):
    doc = nlp("“We are watching very closely,” Defense Secretary Lloyd Austin said on Monday.")
    spans = list(doc.spans[SPANS_KEY])
    assert len(spans) == 1
    assert spans[0]._.reader_kind == "statement"
    assert spans[0]._.reader_cue == "said"
    start, end = spans[0]._.reader_speaker_ent[:2]
    assert doc.text[start:end] == "Lloyd Austin"


def test_said_before_and_after_the_quote(nlp):
    record = analyse(
        nlp,
        '"We used to see forty trawlers a night," said Han Min-jun, a researcher. '
        "Kishida told reporters that Japan would “respond firmly to any provocation.”",
    )
    first = quote(record, "We used to see")
    assert (first["speaker"], first["cue"]) == ("Han Min-jun", "said")
    assert record["quotes"][0]["speaker_span"] is not None
    assert quote(record, "respond firmly")["speaker"] == "Kishida"


def test_statement_split_by_its_attribution_is_one_group(nlp):
    text = (
        "Grossi met Foreign Minister Andrii Sybiha in Vienna. “We talked at length,” Sybiha said. "
        "“Nothing has changed on the ground,” he said, “and nothing will change until the occupation ends.”"
    )
    record = analyse(nlp, text)
    first, second = quote(record, "Nothing has"), quote(record, "and nothing")
    assert first["group"] == second["group"]
    assert first["speaker"] == second["speaker"] == "Andrii Sybiha"


def test_pronouns_follow_gender_and_the_last_speaker(nlp):
    text = (
        "Senator Jeanne Shaheen questioned Assistant Secretary Ely Ratner at a hearing. "
        "“How many more troops do we expect?” she asked. Ratner said the number could rise. "
        "“We are watching very closely,” he said."
    )
    record = analyse(nlp, text)
    assert quote(record, "How many")["speaker"] == "Jeanne Shaheen"
    assert quote(record, "We are watching")["speaker"] == "Ely Ratner"


def test_titles_and_organisations_name_the_speaker(nlp):
    text = (
        "Foreign Minister Choe Son-hui met Sergey Lavrov in Moscow. According to the minister, "
        "the army “will achieve a great victory.” Russia’s Defence Ministry released a video. "
        "The ministry said its forces had “repelled a simulated attack from the sea.” "
        "NATO called on Russia to “cease these actions immediately.”"
    )
    record = analyse(nlp, text)
    assert quote(record, "will achieve")["speaker"] == "Choe Son-hui"
    assert quote(record, "repelled")["speaker"] == "Defence Ministry"
    assert quote(record, "cease")["speaker"] == "NATO"


def test_block_quote_followed_by_its_attribution_line(nlp):
    text = (
        "The Pentagon voiced concern on Tuesday.\n"
        "The deepening cooperation between Russia and North Korea is something that should be of concern to anyone\n"
        "Spokesman Maj. Gen. Pat Ryder\n"
        "His remarks came after the visit.\n"
    )
    record = analyse(nlp, text)
    block = quote(record, "The deepening cooperation")
    assert block["speaker"] == "Pat Ryder"
    assert block["kind"] == "statement"
    assert block["cue"] is None


def test_block_quote_introduced_by_name_and_colon(nlp):
    text = (
        "Victor Cha:\n\nThough the number of troops will be limited, North Korea has effectively crossed the Rubicon.\n"
    )
    assert quote(analyse(nlp, text), "Though the number")["speaker"] == "Victor Cha"


def test_transcript_labels_open_unmarked_statements(nlp):
    text = (
        "State Department spokesman Matthew Miller took questions on Monday.\n\n"
        "MILLER: We have seen the reports and we are consulting with our allies.\n\n"
        "QUESTION: Will there be new sanctions?\n"
    )
    record = analyse(nlp, text)
    assert quote(record, "We have seen")["speaker"] == "Matthew Miller"
    assert quote(record, "Will there be")["speaker"] is None


def test_terms_are_told_from_statements(nlp):
    text = (
        "Pyongyang was seen as more “neutral” than Washington. North Korea proclaimed Nov. 18 "
        "“missile industry day” this year. In his memoir “The Hardest Place”, Christopher Hill wrote "
        "that Pyongyang “never gives anything away for free.”"
    )
    record = analyse(nlp, text)
    assert quote(record, "neutral")["kind"] == "term"
    assert quote(record, "missile industry day")["kind"] == "term"
    assert quote(record, "missile industry day")["speaker"] is None
    assert quote(record, "The Hardest Place")["kind"] == "term"
    statement = quote(record, "never gives")
    assert (statement["kind"], statement["speaker"]) == ("statement", "Christopher Hill")


def test_quote_without_a_findable_speaker_says_so(nlp):
    text = "A banner at the station read “Victory is ours.” Local officials did not respond."
    assert quote(analyse(nlp, text), "Victory is ours.")["speaker"] is None


def test_headline_quote_and_name_colon_headline(nlp):
    text = "Zelensky: “North Korean troops are already in Kursk”\n\nUkrainian President Volodymyr Zelensky spoke on Tuesday."
    assert quote(analyse(nlp, text), "North Korean troops")["speaker"] == "Volodymyr Zelensky"


def test_unbalanced_marks_on_moderate_text_analyse_without_error(nlp):
    text = ("He said “ it was a ‘test and ' more \" marks » here. " * 400) + "\nShe said “the end.”"
    record = analyse(nlp, text)
    assert quote(record, "the end.")["cue"] == "said"


def test_a_second_cue_opens_a_second_statement(nlp):
    text = "President Emmanuel Macron spoke in Paris. “We are ready for talks,” he told reporters, adding: “But not at any price.”"
    record = analyse(nlp, text)
    first, second = quote(record, "We are ready"), quote(record, "But not")
    assert first["group"] != second["group"]
    assert first["speaker"] == second["speaker"] == "Emmanuel Macron"
    assert (first["cue"], second["cue"]) == ("told", "adding")


def test_credit_after_a_dash_and_quoted_as_saying(nlp):
    record = analyse(nlp, "“We are ready to defend our homeland.” — Volodymyr Zelensky")
    assert quote(record, "We are ready")["speaker"] == "Volodymyr Zelensky"
    record = analyse(nlp, "Shoigu was quoted by Interfax as saying that the army “will complete all its tasks.”")
    assert quote(record, "will complete")["speaker"] == "Shoigu"


def test_titles_resolve_to_the_person_they_introduced(nlp):
    text = (
        "White House National Security Council spokesman John Kirby spoke on Monday. "
        "“We will not allow this,” the spokesman said."
    )
    found = quote(analyse(nlp, text), "We will not")
    assert found["speaker"] == "John Kirby"
    assert text[found["speaker_span"][0] : found["speaker_span"][1]] == "the spokesman"


def test_a_nationality_in_the_title_picks_the_right_minister(nlp):
    text = (
        "Foreign Minister Choe Son-hui met Russian Foreign Minister Sergey Lavrov. "
        "“Our friendship is invincible,” the North Korean minister said."
    )
    assert quote(analyse(nlp, text), "Our friendship")["speaker"] == "Choe Son-hui"


def test_a_subheading_naming_people_is_no_attribution_line(nlp):
    text = (
        "The two leaders met for nine hours in Pyongyang on Wednesday to sign the new pact.\n"
        "Putin and Kim\n"
        "The treaty obliges each side to help the other if attacked.\n"
    )
    assert analyse(nlp, text)["quotes"] == []


def test_a_quote_paragraph_after_a_colon_line_and_one_without_a_cue(nlp):
    text = (
        "Ukrainian President Volodymyr Zelensky posted on X:\n\n"
        '"Another North Korean missile, another Russian crime."\n\n'
        "“Russia wants to use North Koreans as cannon fodder,” he said. “We will not let this happen.”\n\n"
        "Secretary of State Antony Blinken said Washington expected the troops to “engage in combat.”\n"
    )
    record = analyse(nlp, text)
    assert quote(record, "Another North Korean")["speaker"] == "Volodymyr Zelensky"
    assert quote(record, "We will not let")["speaker"] == "Volodymyr Zelensky"
    assert quote(record, "engage in combat")["speaker"] == "Antony Blinken"


def test_any_verb_before_a_colon_introduces_the_quote(nlp):
    record = analyse(nlp, 'Ms. Kim said, "It is over." Mr. Lee disagreed: "It has just begun."')
    assert quote(record, "It is over")["speaker"] == "Kim"
    assert (quote(record, "It has just")["speaker"], quote(record, "It has just")["cue"]) == ("Lee", "disagreed")


def test_an_unnamed_official_of_a_country_is_no_speaker_but_an_organisation_is(nlp):
    text = (
        "A senior U.S. official, speaking on condition of anonymity, said the troops were “fully integrated.” "
        "“We don’t comment on intelligence matters,” a State Department spokesperson told Reuters."
    )
    record = analyse(nlp, text)
    assert quote(record, "fully integrated")["speaker"] is None
    assert quote(record, "We don’t comment")["speaker"] == "State Department"


def test_the_one_quoted_speaks_not_the_agency_quoting(nlp):
    text = (
        "Leader Kim Jong Un oversaw the test. "
        "“The new system will reliably contain any rivals in the Pacific,” KCNA quoted Kim as saying."
    )
    assert quote(analyse(nlp, text), "The new system")["speaker"] == "Kim Jong Un"


@pytest.mark.parametrize("caption", ["Vladimir Putin", "Vladimir Putin / Getty Images"], ids=["name", "credit"])
def test_a_photo_caption_under_a_story_is_no_attribution_line(nlp, caption):
    text = (
        "Putin arrived in Pyongyang on Wednesday for talks on a new defence pact with Kim Jong Un.\n"
        f"{caption}\n"
        "The visit lasted two days.\n"
    )
    assert analyse(nlp, text)["quotes"] == []


def test_a_verbless_headline_and_a_repeated_headline_keep_their_speakers(nlp):
    text = (
        "Antony Blinken ‘very concerned’ about military ties\n\n"
        "“At least 3,000 North Korean soldiers now inside Russia, US says”\n\n"
        "Headline from CNN.\n\n"
        "One thought on ““At least 3,000 North Korean soldiers now inside Russia, US says”\n"
    )
    record = analyse(nlp, text)
    assert quote(record, "very concerned")["speaker"] == "Antony Blinken"
    headlines = [q for q in record["quotes"] if q["text"].startswith("At least")]
    # The headline names its own speaker ("…, US says"): the US, not the outlet credited below.
    assert [q["speaker"] for q in headlines] == ["United States", "United States"]
    assert headlines[0]["rule"] == "headline says"


def test_a_quoted_headline_without_its_own_attribution_is_the_credited_outlets(nlp):
    text = "“North Korean soldiers are now inside Russia and ready to fight”\n\nHeadline from CNN.\n\nMore follows.\n"
    [headline] = analyse(nlp, text)["quotes"]
    assert headline["speaker"] == "CNN" and headline["rule"] == "credit line"


def test_a_named_phrase_is_a_term_and_a_statement_speaks_for_its_author(nlp):
    text = (
        "Officials instead used the phrase “special military operation.” "
        "“Our friendship with Moscow is eternal,” the statement from Pyongyang’s foreign ministry said."
    )
    record = analyse(nlp, text)
    assert quote(record, "special military")["kind"] == "term"
    assert quote(record, "Our friendship")["speaker"] == "Pyongyang"


def test_unmarked_paragraph_after_a_speaking_line_and_bulleted_labels(nlp):
    text = (
        "National Security Council spokesman John Kirby told reporters on Monday:\n\n"
        "We are watching this very closely and we will consult our allies on the next steps.\n\n"
        "Reactions poured in.\n"
        "• Zakharova: The West is lying again about our friends.\n"
        "Maria Zakharova spoke later. Volodymyr Zelensky — “We will not give up an inch of our land.”\n"
    )
    record = analyse(nlp, text)
    assert quote(record, "We are watching")["speaker"] == "John Kirby"
    assert quote(record, "The West is lying")["speaker"] == "Maria Zakharova"
    assert quote(record, "We will not give up")["speaker"] == "Volodymyr Zelensky"


def test_he_finds_a_surname_ner_took_for_an_organisation(nlp):
    text = "Maria Zakharova held a briefing. Later, Lavrov spoke. “We are not worried,” he said."
    assert quote(analyse(nlp, text), "We are not worried")["speaker"] == "Lavrov"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Analysts noted 'the generals' growing doubts about the war'. Later 'none of it mattered.'",
            ["the generals' growing doubts about the war", "none of it mattered."],
        ),
        ("'The workers' wages have not moved,' she said.", ["The workers' wages have not moved,"]),
        ("He called them 'the pilots' and 'the crews' in turn.", ["the pilots", "the crews"]),
        ("They were 'young recruits' sent to the front.", ["young recruits"]),
    ],
)
def test_a_plural_possessive_inside_straight_single_quotes_is_an_apostrophe(text, expected):
    assert scanned(text) == expected


def test_a_dash_credit_stops_at_the_comma_that_says_where(nlp):
    text = (
        "The reply came fast.\n"
        "“Sanctions have never changed our course.” — Trade Minister Maria Lopez, in a radio interview\n"
        "Markets fell.\n"
    )
    assert quote(analyse(nlp, text), "Sanctions have never")["speaker"] == "Maria Lopez"


def test_a_short_clause_after_the_quote_attributes_it_whatever_its_verb(nlp):
    text = (
        "“We will sign nothing,” declared Foreign Minister David Novak. "
        "“Not even a truce?” one journalist persisted. "
        "“Go home!” the protesters chanted outside. "
        "“Not today,” he said."
    )
    record = analyse(nlp, text)
    assert quote(record, "Not even a truce")["speaker"] is None
    assert quote(record, "Not even a truce")["cue"] == "persisted"
    assert quote(record, "Go home")["speaker"] is None
    assert quote(record, "Not today")["speaker"] == "David Novak"


def test_a_line_ending_in_a_colon_with_a_reaction_verb_introduces_a_block(nlp):
    text = (
        "Poland’s prime minister, Donald Tusk, reacted on X:\n\n"
        "Every drone that crosses our border will be shot down without any further warning.\n\n"
        "The Kremlin did not reply.\n"
    )
    assert quote(analyse(nlp, text), "Every drone")["speaker"] == "Donald Tusk"


def test_a_demonstrative_sentence_after_the_quote_names_whose_words_they_were(nlp):
    text = (
        "“Nobody will be left behind.” That was the promise of Prime Minister Anna Berg, speaking in Oslo. "
        "“We leave tonight.” Such was Novak’s answer to his critics."
    )
    record = analyse(nlp, text)
    assert quote(record, "Nobody will")["speaker"] == "Anna Berg"
    assert quote(record, "We leave")["speaker"] == "Novak"


def test_a_title_named_only_after_the_quote_finds_its_person(nlp):
    text = "“Our fleet is ready,” the admiral said on Tuesday. Admiral Jane Holt, who leads the fleet, spoke in Hawaii."
    assert quote(analyse(nlp, text), "Our fleet")["speaker"] == "Jane Holt"
    text = "“Nothing has changed,” the general said. Next week the general flies home."
    assert quote(analyse(nlp, text), "Nothing has changed")["speaker"] is None


def test_a_name_glued_to_a_headline_before_the_cue_speaks_under_its_own_name(nlp):
    text = (
        "Reporters asked about the talks in GermanyNATO said it had “no comment at this stage.” NATO and Germany met."
    )
    record = analyse(nlp, text)
    assert quote(record, "no comment")["speaker"] == "NATO"
    assert "GermanyNATO" not in {actor["name"] for actor in record["actors"]}


def test_a_relative_clause_after_a_scare_quote_is_no_attribution(nlp):
    record = analyse(nlp, "Diplomats drew a “red line,” which Moscow crossed within a week.")
    assert quote(record, "red line")["kind"] == "term"
    assert quote(record, "red line")["speaker"] is None


def test_a_pronoun_before_anyone_is_named_finds_the_next_person_of_its_gender(nlp):
    text = "“We are ready for anything,” he said on Tuesday. Admiral Tom Berg added that the fleet was at sea."
    assert quote(analyse(nlp, text), "We are ready")["speaker"] == "Tom Berg"
    text = "“We are ready,” she said. Tom Berg added that the fleet was at sea."
    assert quote(analyse(nlp, text), "We are ready")["speaker"] is None


def test_a_phrase_after_a_name_and_a_colon_in_a_headline_is_a_statement(nlp):
    record = analyse(
        nlp,
        "Kremlin: “No talks without guarantees”\n\nMoscow will not negotiate, Kremlin spokesman Dmitry Peskov said.",
    )
    assert quote(record, "No talks")["kind"] == "statement"
    assert quote(record, "No talks")["speaker"] == "Kremlin"
    record = analyse(nlp, "Zelensky: “Winter”\n\nKyiv braces for the cold, Zelensky said.")
    assert quote(record, "Winter")["kind"] == "term"


def test_an_age_in_place_of_a_name_stands_for_the_person_last_named(nlp):
    text = 'Former premier Lena Dahl spoke at length. "It was a mistake," the 71-year-old said on Friday.'
    assert quote(analyse(nlp, text), "It was a mistake")["speaker"] == "Lena Dahl"
    text = 'Tom Holt, 54, leads the party. "We will win," the 54-year-old told supporters.'
    assert quote(analyse(nlp, text), "We will win")["speaker"] == "Tom Holt"


def test_a_country_and_a_role_in_a_headline_name_the_countrys_person_not_the_country(nlp):
    text = (
        "‘We will not back down,’ says Taiwan leader\n\n"
        "Taiwan’s president Lai Ching-te spoke on Saturday after the drills ended.\n"
    )
    assert quote(analyse(nlp, text), "We will not back down")["speaker"] == "Lai Ching-te"
    text = "‘We will not back down,’ says Taiwan leader\n\nThe drills ended on Saturday.\n"
    assert quote(analyse(nlp, text), "We will not back down")["speaker"] is None


def test_a_former_office_stands_for_the_person_just_named_unless_the_nationality_clashes(nlp):
    text = (
        'Her predecessor, Erna Solberg, had warned before. "We must not be naive," Solberg told reporters. '
        '"It is a very dangerous development," the former Norwegian prime minister said.'
    )
    assert quote(analyse(nlp, text), "It is a very dangerous")["speaker"] == "Erna Solberg"
    text = 'North Korean leader Kim Jong Un met the delegation on Monday. "We are brothers," the Russian defence minister said.'
    assert quote(analyse(nlp, text), "We are brothers")["speaker"] is None


def test_so_said_after_a_quote_names_its_speaker_or_says_it_is_unnamed(nlp):
    text = '"Our patience is over," Tom Holt said. "We will act." So says Prime Minister Anna Berg, at least.'
    assert quote(analyse(nlp, text), "We will act")["speaker"] == "Anna Berg"
    text = '"These are empty threats," spokesman Tom Holt said. "We are not surprised." So said a senior diplomat.'
    assert quote(analyse(nlp, text), "We are not surprised")["speaker"] is None


def test_it_after_a_signed_document_is_its_signer(nlp):
    text = (
        "The letter, signed by Interior Minister Tom Holt, was short.\n"
        '"We will not extradite anyone. The matter is closed," it read.'
    )
    assert quote(analyse(nlp, text), "We will not extradite")["speaker"] == "Tom Holt"


def test_one_member_of_a_named_body_is_no_named_speaker(nlp):
    record = analyse(nlp, "'It is the families I think of,' said one MP. \"Yes,\" said Tom Holt.")
    assert quote(record, "It is the families")["speaker"] is None
    assert quote(record, "Yes")["speaker"] == "Tom Holt"
