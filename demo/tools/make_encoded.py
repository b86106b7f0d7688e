#!/usr/bin/env python3
"""Writes the demo story kept in windows-1252.

`python3 demo/tools/make_encoded.py` rewrites
demo/the_last_orchard_on_meridian_station.txt from the text below, encoded
as windows-1252 (curly quotes and em dashes become single bytes), so that the
demo library shows a legacy-encoded file being read. The output is committed;
rerun this only after editing the text.
"""
import os

DEMO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TEXT = """\
Title: The Last Orchard on Meridian Station
Author: Tobias Wren
Rating: General Audiences
Fandom: Starwake
Characters: Juniper Osei, Quartermaster Bell, ARDEN
Tags: Space Station, Gardening, Found Family, Hopeful Ending
Summary: The station is being decommissioned. The orchard is not on the
evacuation manifest. Juniper has other plans.
Status: Complete
Published: 2023-03-18
Updated: April 2, 2023

Chapter 1

Meridian Station had been turning above the gas giant Hollis for a hundred and twelve years, and for a hundred and eleven of them there had been apple trees on Ring Four.

Juniper Osei had tended them for six. It was not, strictly, her job. Her job was hydroponics — lettuce, soy, the endless green racks of algae that fed the station’s three thousand people — but the orchard had no keeper of its own, and someone had to prune the trees in the long artificial autumn and shake the pollen by hand in the long artificial spring, and Juniper had never been able to walk past a thing that needed doing.

There were forty-one trees. They were old varieties, brought up from Earth as seeds in a sealed tin by a botanist whose name was carved into the bench at the end of the row. Russet and Pippin and Bramley and a small hard red apple called Last Hope that nobody had ever managed to identify, and that tasted, Juniper thought, like a cold morning somewhere she had never been.

* * *

The decommissioning notice came on a Tuesday.

“Six weeks,” Quartermaster Bell said, reading it aloud in the mess hall while three hundred people stopped eating. “Evacuation in stages. One bag per person, twenty kilos. Everything else stays.”

“Everything?” someone asked.

Bell looked up. He was a big, slow, grey-bearded man who had been quartermaster for longer than Juniper had been alive, and she had never once heard him sound unsure. “Everything that isn’t on the manifest,” he said. “I’m sorry.”

Juniper went up to Ring Four that night and sat on the botanist’s bench in the dark, under the trees, and asked the station AI the question she already knew the answer to.

“No,” said ARDEN gently. “The orchard is not on the manifest.”

Chapter 2

“Twenty kilos,” Juniper said. “Per person.”

“That is correct.”

“And a scion — a cutting, a bit of branch you can graft onto new rootstock — weighs what? Ten grams? Fifteen?”

ARDEN was quiet for a moment. Juniper had always suspected that the AI’s pauses were for her benefit rather than its own. “Approximately twelve grams, wrapped in damp cloth and sealed,” it said at last. “Why do you ask?”

“No reason,” said Juniper, and went to find Bell.

* * *

It took her four days to make the list. Forty-one trees. Three scions from each, to be safe. A hundred and twenty-three cuttings, each one wrapped in damp cloth and sealed in a twist of film and labelled in her smallest handwriting with the variety and the row and the date.

It took her eleven more days to find a hundred and twenty-three people who would carry one.

She asked everybody. The engineers on Ring One and the schoolteachers on Ring Two. The old men who played cards in the observation lounge and the teenagers who hid from their parents in the maintenance shafts. She asked them to give up twelve grams of their twenty kilos for a piece of a tree they might never see again, and she explained about grafting, and rootstock, and the botanist with the sealed tin, over and over, until her voice went hoarse.

Some people said no. Most people said yes. Quartermaster Bell said, “Put me down for the Last Hope,” and then went away quickly before she could thank him.

Chapter 3

The last shuttle left Meridian Station on a Sunday, carrying Juniper and Bell and forty-one other people and, in the breast pocket of Juniper’s jacket, a single twist of film labelled Russet, Row One.

She watched the station shrink in the viewport until it was only a bright ring against the banded face of Hollis, and then only a point of light, and then nothing at all. She did not cry. She had done her crying on the bench in the orchard, the night before, with the lights turned down and ARDEN keeping her company.

“I will miss them,” the AI had said, which had surprised her. “I have watched them flower a hundred and eleven times. It is a thing I looked forward to.”

“You could come,” she had said. “They’re taking your core to the new colony. You’ll be running the greenhouses.”

“Then I will look forward to it again,” ARDEN had said. “Eventually.”

* * *

The colony on Tamsin’s World was three years old and mostly mud. But it had soil, real soil, dark and wet and full of worms that had come up from Earth in sealed tins of their own, and by the end of the first month there was a field at the edge of the settlement marked out with string and little wooden stakes.

They came one by one, the people with the cuttings. Some of them had kept their twists of film in their pockets all the way across the system. Some had kept them in their luggage, or their shoes, or in one case inside a hollowed-out paperback. One cutting had dried out and died. One had been accidentally eaten by a child. The other hundred and twenty-one, Juniper grafted onto rootstock by hand, one by one, in the long real evening of a world with a real sun.

Three years later the orchard on Tamsin’s World flowered for the first time. Bell came to see it, leaning on a stick now, and stood for a long time under the small twisted tree with the label that said Last Hope.

“Well,” he said at last, clearing his throat. “Well. That’s something, isn’t it.”

“It’s a hundred and twenty-one things,” said Juniper, and somewhere in the greenhouse behind them, quietly, ARDEN began to count the blossoms.

A/N: Thanks for reading! For the record, apple trees really don’t grow true from seed, which is why Juniper needed cuttings. Gardening facts are the best facts.
"""

FILES = [
    ('the_last_orchard_on_meridian_station.txt', 'cp1252', TEXT),
]


def main():
    for rel, encoding, text in FILES:
        data = text.encode(encoding)
        with open(os.path.join(DEMO, rel), "wb") as fh:
            fh.write(data)
        print(f"wrote demo/{rel} ({len(data)} bytes, {encoding})")


if __name__ == "__main__":
    main()
