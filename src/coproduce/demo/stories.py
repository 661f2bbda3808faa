"""Brackenfold's stories: what people in the demo place have told about its services, in their own voices.

About fifty are published, spread over the last ten months, so the list, the feeds, the measures and the themes
page all have something real to show. They come back to a handful of things people in any place talk about:
waiting and phone lines, being listened to (or not), getting to appointments, carers' breaks, loneliness, food
and the shared table, staff who went further than they had to, letters in plain words, and coming home from
hospital. Amira Haddad, a story gatherer at the carers' centre, wrote several down with people who would rather
talk than type, some of whom have no account; each records the teller's agreement.

A few are drafts their writers have not finished, and one, gathered by Amira, is waiting to be checked: it still
has a phone number in it, for the moderator to find.

A story is matched by its title and left alone if it exists, so loading again adds only what is missing. Rows are
written directly with the system as the actor, as the rest of the demo is: the made-up people did not type these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.core.services import audit_record
from coproduce.demo.brackenfold import (
    CARERS,
    CARERS_BREAKS,
    CARERS_DROP_IN,
    CMHT,
    COMMUNITY_TEAM,
    CONNECTORS,
    COOK_AND_LEARN,
    COUNCIL,
    CRISIS_CAFE,
    DIRECT_PAYMENTS,
    ELM_COURT,
    FLOATING,
    FRIDAY_MEAL,
    GARDEN,
    GROWING,
    KEYSTONE,
    KITCHEN,
    KNIT,
    KNIT_THURSDAY,
    MEMORY,
    NHS,
    OPEN_DOOR,
    PEER_MENTORING,
    RECOVERY_COLLEGE,
    YOUNG_CARERS,
)
from coproduce.organisations.models import Organisation, Service
from coproduce.people.models import Person
from coproduce.stories.consent import GATHERING_CONSENT_VERSIONS
from coproduce.stories.models import Story, Theme

DOMAIN = "@brackenfold.example"

# The themes people tagged, named once so that every story on one uses the same words.
WAITING = "waiting times"
PHONE = "phone lines"
LISTENED = "being listened to"
TRANSPORT = "transport to appointments"
BREAKS = "carers’ breaks"
LONELY = "loneliness"
FOOD = "food and the shared table"
EXTRA_MILE = "going the extra mile"
PLAIN = "plain words"
DISCHARGE = "hospital discharge"
NEW_FACES = "new faces every time"
PEER = "peer support"
FORMS = "money and forms"

PUBLIC, MEMBERS, SERVICES, FACILITATORS = (reach.value for reach in Story.Reach)
NAMED, USERNAME, ANONYMOUS = Story.Identity.NAMED, Story.Identity.USERNAME, Story.Identity.ANONYMOUS
S = Story.Status
F = Story.Feeling


@dataclass(frozen=True)
class DemoStory:
    title: str
    body: str
    services: tuple[tuple[str, str], ...]
    themes: tuple[str, ...] = ()
    # A demo person's address before the @; or, for a teller without an account, their (private) name.
    teller: str = ""
    teller_name: str = ""
    gathered_by: str = ""
    identity: str = ANONYMOUS
    pen_name: str = ""
    reach: str = PUBLIC
    status: str = S.PUBLISHED
    feeling: str = ""
    prompt: str = ""
    principles: tuple[str, ...] = ()
    days_ago: int = 30


AMIRA = "amira.haddad"

STORIES: tuple[DemoStory, ...] = (
    DemoStory(
        title="Forty minutes on hold to move one appointment",
        body=(
            "Ron’s memory clinic letter gave him a Tuesday, and Tuesday is his day centre day. I rang the number "
            "on the letter at nine o’clock. I was on hold for forty minutes with the same tune going round and "
            "round, and then the line went dead.\n\nI rang again at half past ten and a lovely young man sorted it "
            "in two minutes. He said the mornings are when everybody rings and after two it is quiet. Then why "
            "not put that on the letter? I am seventy-nine. I have not got forty minutes of arm left for holding "
            "a phone."
        ),
        services=((NHS, MEMORY),),
        themes=(PHONE, WAITING),
        teller="margaret.ellis",
        gathered_by=AMIRA,
        identity=NAMED,
        feeling=F.MIXED,
        prompt="what-happened",
        days_ago=290,
    ),
    DemoStory(
        title="The nurse who asked me first",
        body=(
            "Most of the time people talk to Peggy and I sit there like a parcel waiting to be collected. At the "
            "memory clinic the nurse turned her chair round to face me and asked what I had noticed myself. I "
            "told her I lose the names of things in the garden, the tools, the flowers I have grown for fifty "
            "years. She wrote it down in my words.\n\nShe explained the tablets slowly and drew a little chart "
            "for the kitchen wall. On the bus home Peggy said it was the first time in a year anybody asked me "
            "before they asked her. I felt like a person again, not a problem."
        ),
        services=((NHS, MEMORY),),
        themes=(LISTENED, PLAIN),
        teller="ron.ellis",
        gathered_by=AMIRA,
        identity=NAMED,
        feeling=F.GRATEFUL,
        prompt="time-listened-to",
        principles=("people-as-assets",),
        days_ago=270,
    ),
    DemoStory(
        title="She rang back when she said she would",
        body=(
            "My mother’s care was about to stop because two dates did not match on two different systems. I "
            "rang the duty line expecting to be passed from one person to the next. The social worker took my "
            "number and said she would ring me back by four.\n\nAt ten to four she rang. She had spoken to the "
            "agency and to finance and it was fixed. It sounds like nothing. When you are caring for someone, a "
            "promise kept is the difference between a good day and a terrible week."
        ),
        services=((COUNCIL, COMMUNITY_TEAM),),
        themes=(PHONE, LISTENED, EXTRA_MILE),
        teller="zainab.hussain",
        identity=USERNAME,
        pen_name="A daughter in Tanners Wharf",
        reach=MEMBERS,
        feeling=F.GRATEFUL,
        days_ago=250,
    ),
    DemoStory(
        title="The only place I don’t have to explain",
        body=(
            "At school nobody gets why I’m tired or why I can’t stay after. At young carers everyone just knows. "
            "We don’t even talk about our mums and dads that much. We play pool, eat pizza, and someone always "
            "asks if you’re alright and actually waits for the answer.\n\nLast month the youth worker helped me "
            "write an email to my head of year about homework deadlines and it worked. I wish the group was "
            "every week, not every other week."
        ),
        services=((CARERS, YOUNG_CARERS),),
        themes=(PEER, LISTENED),
        teller="kai.brooks",
        identity=USERNAME,
        pen_name="K, 18",
        feeling=F.GOOD,
        prompt="time-things-worked",
        principles=("social-networks",),
        days_ago=230,
    ),
    DemoStory(
        title="Three hours on a Wednesday",
        body=(
            "For two years I did not leave my husband for longer than it takes to go to the chemist. The carers’ "
            "breaks team found a sitter who speaks Punjabi, so he is not frightened when I go out.\n\nEvery "
            "Wednesday I cook in the gurdwara kitchen with my friends for three hours. I come back a different "
            "woman, with patience again. Please do not cut this. It costs much less than me falling ill."
        ),
        services=((CARERS, CARERS_BREAKS),),
        themes=(BREAKS,),
        teller="harjit.gill",
        identity=NAMED,
        feeling=F.GRATEFUL,
        days_ago=240,
    ),
    DemoStory(
        title="A break cancelled by text at eight in the morning",
        body=(
            "I had booked a day’s respite for my son three weeks ahead and arranged my own hospital appointment "
            "around it. At eight that morning a text arrived: cancelled, staff sickness. No phone call, nothing "
            "else offered.\n\nI know everyone is stretched. But a text is not enough when someone has planned "
            "their own health around that day. A phone call, and a list of what else might be possible, would "
            "have made it bearable. I missed my appointment and waited another four months for it."
        ),
        services=((CARERS, CARERS_BREAKS),),
        themes=(BREAKS, WAITING),
        teller="fiona.macleod",
        identity=ANONYMOUS,
        reach=SERVICES,
        feeling=F.UPSET,
        days_ago=95,
    ),
    DemoStory(
        title="I helped choose who works in my house",
        body=(
            "New staff were starting at Elm Court. I was on the interview panel. I asked them what music they "
            "like and what they would do on a rainy day.\n\nWe picked the one who listened to my answer and "
            "asked me a question back. I like that I helped choose. Now I am on the panel every time."
        ),
        services=((KEYSTONE, ELM_COURT),),
        themes=(LISTENED,),
        teller="sam.hughes",
        identity=NAMED,
        feeling=F.GOOD,
        prompt="time-things-worked",
        principles=("people-as-assets", "valuing-work"),
        days_ago=200,
    ),
    DemoStory(
        title="The handover sheet that sees me",
        body=(
            "The handover sheet used to be about what we ate and if we took our medicine, like we were a "
            "checklist. At the house meeting I said I want it to say what kind of day I had and what I am looking "
            "forward to.\n\nThe manager said let’s try it. Now the night staff read that I have a driving lesson "
            "and wish me luck at breakfast. It is small, but it means staff see me, not my tablets."
        ),
        services=((KEYSTONE, ELM_COURT),),
        themes=(LISTENED, PLAIN),
        teller="beth.turner",
        identity=NAMED,
        feeling=F.GOOD,
        principles=("people-as-assets",),
        days_ago=160,
    ),
    DemoStory(
        title="She came to the housing office with me",
        body=(
            "I got a letter saying I owed rent arrears I didn’t recognise. I was ready to stop opening the post "
            "altogether. My support worker came to the housing office with me. She sat beside me, let me do the "
            "talking, and only stepped in when they started using words I didn’t follow.\n\nIt turned out to be "
            "their mistake. On my own I’d have given up and paid what I didn’t owe, or worse, not paid and not "
            "answered. I’m still in my flat because of that one afternoon."
        ),
        services=((KEYSTONE, FLOATING),),
        themes=(EXTRA_MILE, FORMS),
        teller="patrick.doyle",
        identity=USERNAME,
        pen_name="Pat from the Wharf",
        feeling=F.GRATEFUL,
        prompt="time-made-a-difference",
        days_ago=215,
    ),
    DemoStory(
        title="Four pages I could only half read",
        body=(
            "English is my third language. I speak it fine, but official letters are another language again. "
            "My benefits review letter was four pages and I understood maybe half, and the half I understood "
            "frightened me.\n\nMy worker went through it with me and wrote a short list: what they want, by "
            "when, where to send it. Five lines. Why can’t the letter itself be that list?"
        ),
        services=((KEYSTONE, FLOATING),),
        themes=(PLAIN, FORMS),
        teller="florin.popescu",
        identity=ANONYMOUS,
        reach=MEMBERS,
        feeling=F.MIXED,
        prompt="one-thing-to-change",
        days_ago=70,
    ),
    DemoStory(
        title="A mentor who had been there",
        body=(
            "At our second meeting my peer mentor told me she used to self-harm too. Not in a big dramatic way, "
            "just so I knew she wasn’t reading from a leaflet.\n\nWe walked round the park every week because "
            "sitting opposite someone in a room makes me freeze. She never once said ‘I know how you feel’. She "
            "said ‘tell me how it is for you’. That is different, and it is why I kept going."
        ),
        services=((OPEN_DOOR, PEER_MENTORING),),
        themes=(PEER, LISTENED),
        teller="chloe.barker",
        identity=USERNAME,
        pen_name="Chlo",
        feeling=F.GRATEFUL,
        prompt="time-listened-to",
        principles=("reciprocity",),
        days_ago=120,
    ),
    DemoStory(
        title="An assessment at my kitchen table, not a form in the post",
        body=(
            "The first time I asked for help with Mum I was sent a twenty-page form. I gave up halfway.\n\nThe "
            "second time, a social worker came to our kitchen, had a cup of tea and asked what a good week "
            "would look like for us. She filled the forms in herself afterwards. The outcome on paper was the "
            "same. The feeling was completely different: I was a partner, not an applicant."
        ),
        services=((COUNCIL, COMMUNITY_TEAM),),
        themes=(LISTENED, FORMS, PLAIN),
        teller="karen.barker",
        identity=NAMED,
        reach=MEMBERS,
        feeling=F.GOOD,
        prompt="time-things-worked",
        principles=("people-as-assets",),
        days_ago=265,
    ),
    DemoStory(
        title="Carers who never take their coats off",
        body=(
            "I have four visits a day and I could not tell you the names of half of them, because it is a "
            "different face nearly every time. They are kind girls, but they are in and out in fifteen minutes "
            "with their coats on, looking at the phone to see where they go next.\n\nNobody has time to sit. "
            "Some days those visits are the only voices I hear. I would give up one visit to have one that was "
            "long enough for a proper chat and a cup of tea together."
        ),
        services=((COUNCIL, COMMUNITY_TEAM),),
        themes=(NEW_FACES, LONELY),
        teller="gloria.baptiste",
        gathered_by=AMIRA,
        identity=NAMED,
        reach=SERVICES,
        feeling=F.UPSET,
        prompt="one-thing-to-change",
        days_ago=60,
    ),
    DemoStory(
        title="How a connector got me mending chairs",
        body=(
            "After my wife died I didn’t go out for the best part of a year. The GP sent me to a community "
            "connector. I expected a list of groups. Instead he asked what I used to enjoy, and I said I used to "
            "fix things.\n\nHe found out the Thursday knit and natter had broken chairs and wobbly tables. Now I "
            "go every week. I mend things, I’ve knitted a scarf (badly), and there are people who would notice "
            "if I didn’t turn up. That matters more than the scarf."
        ),
        services=((COUNCIL, CONNECTORS), (KNIT, KNIT_THURSDAY)),
        themes=(LONELY, EXTRA_MILE),
        teller="derek.mills",
        identity=NAMED,
        feeling=F.GRATEFUL,
        prompt="time-made-a-difference",
        principles=("people-as-assets", "social-networks"),
        days_ago=190,
    ),
    DemoStory(
        title="The one meal a week I don’t eat alone",
        body=(
            "I moved here for a job, then lost the job, then lost my confidence. On Fridays the shared table is "
            "warm and loud and nobody asks what you do for a living. You peel potatoes and you are part of it.\n\n"
            "Now I help run Cook and Learn on Tuesdays. I went from guest to cook in six months. Nobody ever made "
            "me feel like charity, and that is why I came back."
        ),
        services=((KITCHEN, FRIDAY_MEAL), (KITCHEN, COOK_AND_LEARN)),
        themes=(FOOD, LONELY),
        teller="daniela.costa",
        identity=USERNAME,
        pen_name="Dani",
        feeling=F.GOOD,
        principles=("reciprocity", "social-networks"),
        days_ago=140,
    ),
    DemoStory(
        title="Cooking for sixty, learning from twenty-year-olds",
        body=(
            "I’ve cooked the Friday meal for three years. The young lads who first came for a hot dinner now "
            "bring their own recipes. One of them taught me a jollof that puts mine to shame, and I taught him "
            "my mother’s saltfish.\n\nThat is what people miss about this place. Nobody here is only giving and "
            "nobody is only taking. The table is the same height for everybody."
        ),
        services=((KITCHEN, FRIDAY_MEAL),),
        themes=(FOOD,),
        teller="winston.clarke",
        identity=NAMED,
        feeling=F.GOOD,
        principles=("reciprocity",),
        days_ago=75,
    ),
    DemoStory(
        title="A course taught from both sides",
        body=(
            "The course on understanding psychosis was taught by a psychiatrist and a peer trainer together. The "
            "doctor explained what the medication does. The peer trainer explained what it feels like when the "
            "medication makes you feel like a ghost in your own life.\n\nFor the first time the whole picture was "
            "in the room. I have signed up to volunteer at the college now."
        ),
        services=((NHS, RECOVERY_COLLEGE),),
        themes=(PEER, PLAIN),
        teller="bilal.khan",
        identity=USERNAME,
        pen_name="B.K.",
        feeling=F.GRATEFUL,
        prompt="time-things-worked",
        principles=("valuing-work", "reciprocity"),
        days_ago=225,
    ),
    DemoStory(
        title="Three care coordinators in twelve months",
        body=(
            "In a year I have had three care coordinators. Each time I have had to tell the story of my worst "
            "days from the beginning, to a stranger, in a room with a box of tissues placed just so.\n\nEach of "
            "them was good. But trust does not transfer with a handover note. If people have to move on, could "
            "the old and the new coordinator meet me together, just once, so I am not starting from nothing?"
        ),
        services=((NHS, CMHT),),
        themes=(NEW_FACES, LISTENED),
        teller="jay.morgan",
        identity=ANONYMOUS,
        reach=FACILITATORS,
        feeling=F.WORRIED,
        prompt="one-thing-to-change",
        days_ago=110,
    ),
    DemoStory(
        title="Sent home on a Friday night with nothing in place",
        body=(
            "My wife was discharged from the ward at seven on a Friday evening. The discharge letter said her "
            "care would start ‘as soon as possible’. It started on the Wednesday.\n\nI’m sixty-two with a bad "
            "back and I did every lift and every wash for five days. The carers’ drop-in were the only people who "
            "answered the phone that weekend, and all they could do was listen, which, to be fair, I needed. "
            "Nobody should be sent home from hospital on a Friday without the help already arranged."
        ),
        services=((COUNCIL, COMMUNITY_TEAM), (CARERS, CARERS_DROP_IN)),
        themes=(DISCHARGE, WAITING),
        teller="paul.whitcombe",
        identity=USERNAME,
        pen_name="A husband in Millbrook",
        feeling=F.ANGRY,
        prompt="what-happened",
        days_ago=280,
    ),
    DemoStory(
        title="Growing the greens my mother grew",
        body=(
            "The garden gave me a bed of my own for Chinese greens and the long beans my mother grew. People "
            "stop and ask what they are and how to cook them, so now I hold a little tasting every August.\n\n"
            "I am seventy-one and my English is not perfect, but in the garden I am the expert. At my age that is "
            "a very good feeling."
        ),
        services=((GARDEN, GROWING),),
        themes=(FOOD, LONELY),
        teller="meilin.zhou",
        identity=NAMED,
        feeling=F.GOOD,
        principles=("people-as-assets",),
        days_ago=170,
    ),
    DemoStory(
        title="Somewhere to be on the hard days",
        body=(
            "When my head is bad I can’t do conversations. At the garden nobody makes you talk. You can dig for "
            "an hour and then someone puts a tea next to you and goes away again.\n\nOn the good days I talk too "
            "much. They don’t mind that either."
        ),
        services=((GARDEN, GROWING),),
        themes=(LONELY, PEER),
        teller="ahmed.farah",
        identity=ANONYMOUS,
        reach=MEMBERS,
        feeling=F.GOOD,
        days_ago=95,
    ),
    DemoStory(
        title="My budget, spent on what keeps me well",
        body=(
            "For a year my direct payment could only pay for a personal assistant at set times. What I actually "
            "wanted was a gym membership and a climbing wall pass, to keep my strength up and see my mates.\n\n"
            "It took three meetings and a letter from my physio, but the new worker got it agreed. She said ‘it’s "
            "your budget, tell me what makes your life work’. It shouldn’t take three meetings. I’m glad she "
            "stuck with it."
        ),
        services=((COUNCIL, DIRECT_PAYMENTS),),
        themes=(FORMS, LISTENED),
        teller="oliver.grant",
        identity=NAMED,
        feeling=F.MIXED,
        days_ago=220,
    ),
    DemoStory(
        title="The leaflet that nearly kept me away",
        body=(
            "I nearly didn’t go to the Recovery College because the prospectus was full of words like "
            "‘co-produced curriculum’ and ‘wellbeing outcomes’. A friend dragged me along. Inside, it is just "
            "people learning together over tea.\n\nI told them the leaflet had put me off and they asked me to "
            "help rewrite it. The new one says ‘come and learn with people who get it’. Much better."
        ),
        services=((NHS, RECOVERY_COLLEGE),),
        themes=(PLAIN,),
        teller="rebecca.shaw",
        identity=USERNAME,
        pen_name="Becky S",
        feeling=F.GOOD,
        principles=("people-as-assets",),
        days_ago=85,
    ),
    DemoStory(
        title="What I hear at the church door",
        body=(
            "Every week at least one older person at the church door tells me they couldn’t get through to "
            "someone. Most have given up after press one, then press three, then the hash key. Some have no "
            "credit on their mobile to wait on hold.\n\nI would love the services to hold a drop-in hour at the "
            "church once a month, where a real person sorts out the things that get stuck on the phone. We have "
            "the kettle and the chairs already."
        ),
        services=((COUNCIL, COMMUNITY_TEAM), (NHS, MEMORY)),
        themes=(PHONE, WAITING, LONELY),
        teller="sarah.penrose",
        identity=NAMED,
        reach=MEMBERS,
        feeling=F.WORRIED,
        prompt="one-thing-to-change",
        days_ago=55,
    ),
    DemoStory(
        title="Thursdays are mine",
        body=(
            "Knit and natter is the one afternoon that is about me and not about Ron. I knit for the baby unit, "
            "somebody brings a cake, and for two hours nobody asks me how he is.\n\nWhen I missed three weeks "
            "because he was poorly, two of the ladies came round with a flask and a bag of wool. That is what "
            "friends do, and I didn’t have many left before I found this."
        ),
        services=((KNIT, KNIT_THURSDAY),),
        themes=(LONELY, BREAKS),
        teller="margaret.ellis",
        gathered_by=AMIRA,
        identity=NAMED,
        feeling=F.GOOD,
        prompt="time-things-worked",
        principles=("social-networks",),
        days_ago=300,
    ),
    DemoStory(
        title="An interpreter who understood dementia",
        body=(
            "My mother speaks Urdu and Punjabi and, since the dementia, less English every month. At her last "
            "memory appointment the interpreter had worked with people with dementia before. She waited, she "
            "didn’t finish Mum’s sentences, and she told the doctor when Mum was tired rather than pushing on.\n\n"
            "Mum came out smiling. Please book that kind of interpreter every time, not whoever is free."
        ),
        services=((NHS, MEMORY),),
        themes=(PLAIN, EXTRA_MILE, LISTENED),
        teller="zainab.hussain",
        identity=USERNAME,
        pen_name="A daughter in Tanners Wharf",
        feeling=F.GRATEFUL,
        days_ago=45,
    ),
    DemoStory(
        title="The rota residents helped write",
        body=(
            "I work at Elm Court. Last spring the residents asked why the rota always suited staff and never "
            "them. We sat down together and they told us which evenings matter: football night, the Friday "
            "meal, the bus to the garden.\n\nWe rebuilt the rota around those. Sickness went down, which none of "
            "us expected. When people see why a shift matters, they turn up for it."
        ),
        services=((KEYSTONE, ELM_COURT),),
        themes=(LISTENED,),
        teller="joy.chikwanha",
        identity=NAMED,
        reach=MEMBERS,
        feeling=F.GOOD,
        principles=("valuing-work", "people-as-assets"),
        days_ago=125,
    ),
    DemoStory(
        title="The transport that never came",
        body=(
            "Three times this year the transport booked to take my wife to her hospital appointment did not "
            "come. The last time we sat in our coats by the front door for two hours.\n\nThen the appointment "
            "was marked ‘did not attend’ and we went back to the bottom of the waiting list. I do not drive any "
            "more. Now my neighbour takes us in his van and I pay his petrol. Who do I tell that the system made "
            "us miss it, not us?"
        ),
        services=((COUNCIL, COMMUNITY_TEAM), (CARERS, CARERS_DROP_IN)),
        themes=(TRANSPORT, WAITING),
        teller_name="Mr Aziz",
        gathered_by=AMIRA,
        identity=ANONYMOUS,
        feeling=F.ANGRY,
        prompt="what-happened",
        days_ago=80,
    ),
    DemoStory(
        title="The drop-in asks about me, not only him",
        body=(
            "I have cared for my brother for forty years. Every service asks me about him: his tablets, his "
            "sleep, his falls. At the carers’ drop-in the first question was ‘and how are you sleeping?’\n\n"
            "Nobody had asked me that in years. I didn’t know what to say. Now I go every week, and I have had "
            "two weekends away with a sitter arranged through the centre."
        ),
        services=((CARERS, CARERS_DROP_IN), (CARERS, CARERS_BREAKS)),
        themes=(LISTENED, BREAKS),
        teller_name="Joan",
        gathered_by=AMIRA,
        identity=USERNAME,
        pen_name="A sister, caring for forty years",
        feeling=F.GRATEFUL,
        prompt="time-listened-to",
        days_ago=65,
    ),
    DemoStory(
        title="Home from hospital with a bag of tablets and no idea",
        body=(
            "They sent me home from the ward with a paper bag of tablets and a sheet I couldn’t read without my "
            "glasses, which were in my other coat. Nobody went through it with me.\n\nThe pharmacist at the "
            "chemist sat down with me the next day and sorted out what was for what, with big writing on each "
            "box. Someone at the hospital should have done that before I left."
        ),
        services=((COUNCIL, COMMUNITY_TEAM),),
        themes=(DISCHARGE, PLAIN),
        teller_name="Stella",
        gathered_by=AMIRA,
        identity=ANONYMOUS,
        reach=SERVICES,
        feeling=F.WORRIED,
        days_ago=35,
    ),
    DemoStory(
        title="Meals on a tray at half past ten",
        body=(
            "My lunch comes at half past ten because that is where I fall on the round. I am not hungry then, so "
            "it sits under the foil until it is cold.\n\nI used to love cooking for my family. If I could sit "
            "with other people and eat at a proper time, even once a week, I think I would eat more and feel "
            "less on my own."
        ),
        services=((COUNCIL, COMMUNITY_TEAM),),
        themes=(FOOD, LONELY),
        teller="gloria.baptiste",
        gathered_by=AMIRA,
        identity=ANONYMOUS,
        feeling=F.MIXED,
        prompt="one-thing-to-change",
        days_ago=140,
    ),
    DemoStory(
        title="The bus to the garden",
        body=(
            "I go to the garden on Tuesdays. The bus times changed. Now I wait one hour in the cold.\n\nThe "
            "garden found a volunteer who drives past my house. Now I go with her. I am happy. But I want the bus "
            "to be better too, for other people."
        ),
        services=((GARDEN, GROWING), (KEYSTONE, ELM_COURT)),
        themes=(TRANSPORT,),
        teller="sam.hughes",
        identity=NAMED,
        feeling=F.MIXED,
        days_ago=40,
    ),
    DemoStory(
        title="Toast at eleven at night",
        body=(
            "I went to the crisis café at eleven at night because A&E felt like too much and home didn’t feel "
            "safe. Someone made me toast and sat with me until I could breathe properly. Nobody asked for my NHS "
            "number.\n\nAt half twelve she walked me to the taxi rank and waited until I was in. I don’t know "
            "what would have happened otherwise, and I don’t want to find out."
        ),
        services=((OPEN_DOOR, CRISIS_CAFE),),
        themes=(LISTENED, EXTRA_MILE),
        teller="rebecca.shaw",
        identity=ANONYMOUS,
        feeling=F.GRATEFUL,
        prompt="time-listened-to",
        days_ago=150,
    ),
    DemoStory(
        title="The café shuts just as the night gets hard",
        body=(
            "The crisis café closes at midnight. For me the worst hours are two till four. I know it can’t be "
            "open all night on what it gets, but there is nowhere between the café closing and A&E, and A&E is "
            "the wrong place for how I feel.\n\nEven a phone line run by the same people, after they close, "
            "would help."
        ),
        services=((OPEN_DOOR, CRISIS_CAFE),),
        themes=(PHONE, WAITING),
        teller="ahmed.farah",
        identity=ANONYMOUS,
        reach=MEMBERS,
        feeling=F.WORRIED,
        prompt="one-thing-to-change",
        days_ago=50,
    ),
    DemoStory(
        title="Volunteering gave me my Tuesdays back",
        body=(
            "When I stopped work to care for my wife, Tuesdays were the worst: no reason to get dressed properly. "
            "Now I help set up the Recovery College room on Tuesdays and stay for the course. I’ve learned as "
            "much as any student.\n\nThe college counts my hours in the timebank, and I spent some of them on a "
            "lift to my wife’s clinic. That felt fair."
        ),
        services=((NHS, RECOVERY_COLLEGE),),
        themes=(PEER, TRANSPORT),
        teller="paul.whitcombe",
        identity=NAMED,
        feeling=F.GOOD,
        principles=("reciprocity",),
        days_ago=20,
    ),
    DemoStory(
        title="Nobody explained what I would pay",
        body=(
            "The letter about my care charges had a table of figures and a lot of words like ‘disregard’ and "
            "‘assessed contribution’. I rang to ask what it meant and was told to read the leaflet.\n\nI’ve paid "
            "for three months without understanding why it is that amount. I don’t mind paying my share. I mind "
            "not being told what my share is in plain English."
        ),
        services=((COUNCIL, DIRECT_PAYMENTS), (COUNCIL, COMMUNITY_TEAM)),
        themes=(FORMS, PLAIN, PHONE),
        teller="gloria.baptiste",
        identity=ANONYMOUS,
        reach=SERVICES,
        feeling=F.ANGRY,
        days_ago=30,
    ),
    DemoStory(
        title="Eleven weeks for twenty minutes",
        body=(
            "Mum fell in the bathroom in March. We were told an occupational therapist would come and assess for "
            "a rail and a bath seat. It was eleven weeks. Mum stopped having baths and washed at the sink because "
            "she was scared.\n\nThe rail took twenty minutes to fit. Eleven weeks of waiting for twenty minutes. "
            "I understand there is a list. Someone could have rung to tell us where we were on it."
        ),
        services=((COUNCIL, COMMUNITY_TEAM),),
        themes=(WAITING, PHONE),
        teller="karen.barker",
        identity=NAMED,
        feeling=F.UPSET,
        prompt="what-happened",
        days_ago=15,
    ),
    DemoStory(
        title="My recipes are wanted here",
        body=(
            "At Cook and Learn they asked if I would teach a session on dal and roti. I said who wants to learn "
            "from an old woman? Twenty people came. Two of them were young mothers who wanted their children to "
            "eat more vegetables.\n\nNow I teach once a month. My daughter says I talk about it more than I talk "
            "about my grandchildren."
        ),
        services=((KITCHEN, COOK_AND_LEARN),),
        themes=(FOOD,),
        teller="harjit.gill",
        identity=NAMED,
        feeling=F.GOOD,
        prompt="time-things-worked",
        principles=("people-as-assets", "reciprocity"),
        days_ago=110,
    ),
    DemoStory(
        title="You’ve said ‘fine’ three times",
        body=(
            "At the drop-in I said what I always say: I’m fine, it’s fine, honestly it’s fine. The support worker "
            "said ‘you’ve said fine three times, shall we have a cup of tea and try again?’\n\nThat was when I "
            "cried for the first time in months, and that was when we made a proper plan for breaks."
        ),
        services=((CARERS, CARERS_DROP_IN),),
        themes=(LISTENED, BREAKS),
        teller="fiona.macleod",
        identity=USERNAME,
        pen_name="A working carer",
        feeling=F.GRATEFUL,
        prompt="time-listened-to",
        days_ago=12,
    ),
    DemoStory(
        title="She remembered my daughter’s name",
        body=(
            "My support worker remembered my daughter’s name and her birthday, and asked how the party went. It "
            "is a small thing. When your life has been full of people reading your file before they talk to you, "
            "someone remembering a normal thing about you is big.\n\nShe also found a food bank that opens on "
            "Saturdays, when I work in the week."
        ),
        services=((KEYSTONE, FLOATING),),
        themes=(EXTRA_MILE, FOOD),
        teller="florin.popescu",
        identity=NAMED,
        reach=MEMBERS,
        feeling=F.GRATEFUL,
        days_ago=25,
    ),
    DemoStory(
        title="The same question on five forms",
        body=(
            "Renewing my direct payment meant five forms. Every one asked for my address, my disability, my "
            "national insurance number and the name of my GP. One asked me to describe my condition ‘on a bad "
            "day’ in a box two lines high.\n\nYou already know all of this. Ask me what has changed since last "
            "year, and trust me when I say nothing has."
        ),
        services=((COUNCIL, DIRECT_PAYMENTS),),
        themes=(FORMS, PLAIN),
        teller="oliver.grant",
        identity=USERNAME,
        pen_name="Olly",
        feeling=F.ANGRY,
        prompt="one-thing-to-change",
        days_ago=8,
    ),
    DemoStory(
        title="Eight months on the list, and one letter",
        body=(
            "I was referred to the community mental health team in January and first seen in August. In between "
            "I got one letter saying I was on the waiting list. Nobody rang to check I was still here, to be "
            "blunt.\n\nThe Recovery College kept me going in that gap. If you can’t see people sooner, at least "
            "check in on the people who are waiting."
        ),
        services=((NHS, CMHT),),
        themes=(WAITING, PHONE),
        teller="bilal.khan",
        identity=ANONYMOUS,
        reach=SERVICES,
        feeling=F.UPSET,
        days_ago=165,
    ),
    DemoStory(
        title="What the people I mentor taught me",
        body=(
            "I am paid to be a peer mentor, and I worried that being paid would change it. What changed it was "
            "the people I mentor teaching me back: a lad showed me how to budget with an app, an older woman got "
            "me walking again.\n\nWe write down what each of us brought to a session now, not just what I "
            "‘delivered’. Both columns are always full."
        ),
        services=((OPEN_DOOR, PEER_MENTORING),),
        themes=(PEER,),
        teller="mehmet.yilmaz",
        identity=NAMED,
        reach=MEMBERS,
        feeling=F.GOOD,
        principles=("reciprocity", "valuing-work"),
        days_ago=145,
    ),
    DemoStory(
        title="We moved the phone times onto the letter",
        body=(
            "I work in the memory service. A carer told us she had been on hold for forty minutes just to move an "
            "appointment. We looked at the calls, and she was right: most people ring between nine and ten.\n\n"
            "Every letter now says when the line is quiet, and gives an email address for changing appointments. "
            "It is small, and it came straight from somebody who uses the service."
        ),
        services=((NHS, MEMORY),),
        themes=(PHONE, PLAIN),
        teller="ruth.abrahams",
        identity=NAMED,
        feeling=F.GOOD,
        principles=("people-as-assets",),
        days_ago=10,
    ),
    DemoStory(
        title="A lift to the hospital, found in an afternoon",
        body=(
            "My eye clinic moved to the big hospital across town, two buses and a walk. I told the community "
            "connector I’d probably just not go. By the afternoon she had found a volunteer driver scheme I had "
            "never heard of.\n\nNow the same driver takes me each time and we talk about cricket all the way. I "
            "would have lost my sight out of pride."
        ),
        services=((COUNCIL, CONNECTORS),),
        themes=(TRANSPORT, EXTRA_MILE),
        teller="winston.clarke",
        identity=NAMED,
        feeling=F.GRATEFUL,
        prompt="time-made-a-difference",
        days_ago=100,
    ),
    DemoStory(
        title="Plans changed without asking me",
        body=(
            "Twice this month the staff changed my plans for the day without asking me. Once it was my swimming "
            "and once it was seeing my friend, because of staff being short.\n\nI understand when there are not "
            "enough staff. But ask me which thing matters most, and I can choose. Don’t just tell me at "
            "breakfast."
        ),
        services=((KEYSTONE, ELM_COURT),),
        themes=(LISTENED, NEW_FACES),
        teller="beth.turner",
        identity=USERNAME,
        pen_name="An Elm Court resident",
        reach=SERVICES,
        feeling=F.UPSET,
        prompt="one-thing-to-change",
        days_ago=5,
    ),
    DemoStory(
        title="Late for school, and they understood",
        body=(
            "I was late for school three times in a week because Mum had bad mornings. The young carers worker "
            "rang my school with me on speaker and explained what a young carer is. Now I have a card I can show "
            "at reception and nobody gives me a detention for it.\n\nI didn’t know that was even allowed."
        ),
        services=((CARERS, YOUNG_CARERS),),
        themes=(EXTRA_MILE,),
        teller="kai.brooks",
        identity=ANONYMOUS,
        feeling=F.GRATEFUL,
        prompt="time-made-a-difference",
        days_ago=180,
    ),
    DemoStory(
        title="The garden on prescription",
        body=(
            "My care coordinator suggested the community garden instead of another course of tablets, and I "
            "laughed at her. Six months later I have a key to the shed.\n\nWhat helped was that the garden "
            "people didn’t treat me as a patient. I was just the new one who didn’t know a weed from a seedling, "
            "which is true."
        ),
        services=((GARDEN, GROWING), (NHS, CMHT)),
        themes=(PEER, LONELY),
        teller="rebecca.shaw",
        identity=USERNAME,
        pen_name="Becky S",
        feeling=F.GOOD,
        principles=("social-networks",),
        days_ago=260,
    ),
    DemoStory(
        title="A sitter who plays dominoes",
        body=(
            "My husband won’t have ‘a carer’ in the house. The breaks team sent a sitter who plays dominoes, and "
            "now he calls her his domino partner and asks when she’s coming.\n\nI get my Saturday mornings at "
            "the market. It works because they found out what he likes before they sent anybody."
        ),
        services=((CARERS, CARERS_BREAKS),),
        themes=(BREAKS, LISTENED),
        teller_name="Mrs Hallam",
        gathered_by=AMIRA,
        identity=USERNAME,
        pen_name="A wife in Fold Green",
        reach=MEMBERS,
        feeling=F.GRATEFUL,
        prompt="time-things-worked",
        days_ago=115,
    ),
    DemoStory(
        title="Who is on the other end of the duty line?",
        body=(
            "When I ring the duty line I never know who I will get or whether they have read anything about us. "
            "I explain my son’s autism and his routines from scratch, every time, while he shouts in the "
            "background because I am on the phone.\n\nA short note at the top of his record, written by us, in "
            "our words, read by whoever picks up: that is all I am asking."
        ),
        services=((COUNCIL, COMMUNITY_TEAM),),
        themes=(PHONE, NEW_FACES, LISTENED),
        teller="fiona.macleod",
        identity=ANONYMOUS,
        reach=FACILITATORS,
        feeling=F.WORRIED,
        prompt="one-thing-to-change",
        days_ago=88,
    ),
    DemoStory(
        title="Discharge done properly",
        body=(
            "When Dad left hospital the second time, it was the opposite of the first. A nurse rang us two days "
            "before, the equipment was in the house the day before, and the first care visit was the same "
            "evening.\n\nThe difference was one person on the ward who owned it and picked up the phone. I "
            "wish I knew her name to thank her."
        ),
        services=((COUNCIL, COMMUNITY_TEAM),),
        themes=(DISCHARGE, EXTRA_MILE),
        teller="karen.barker",
        identity=USERNAME,
        pen_name="Karen B",
        feeling=F.GRATEFUL,
        prompt="time-made-a-difference",
        days_ago=205,
    ),
    DemoStory(
        title="A coffee morning for people who are new",
        body=(
            "When I arrived in Brackenfold I knew nobody. The shared table’s coffee morning for people who are "
            "new to the area was the first place someone asked my name and then remembered it the next week.\n\n"
            "Now I go to help, and I remember the new people’s names. It goes round."
        ),
        services=((KITCHEN, FRIDAY_MEAL), (COUNCIL, CONNECTORS)),
        themes=(LONELY, FOOD),
        teller="daniela.costa",
        identity=ANONYMOUS,
        feeling=F.GOOD,
        principles=("social-networks", "reciprocity"),
        days_ago=28,
    ),
    DemoStory(
        title="I said it once and they wrote it down",
        body=(
            "At my review I said I don’t like being called ‘service user’. The next letter said ‘Dear Derek’ "
            "and called me a member of the group. I didn’t think anyone would bother.\n\nIt is one word. It "
            "changed how I felt walking in."
        ),
        services=((COUNCIL, CONNECTORS),),
        themes=(PLAIN, LISTENED),
        teller="derek.mills",
        identity=NAMED,
        reach=MEMBERS,
        feeling=F.GOOD,
        days_ago=3,
    ),
    # Not yet sent: drafts only their writers see.
    DemoStory(
        title="School and caring",
        body="Things I want to say: the teachers don’t know, the bus, the money for trips. Finish this at group.",
        services=((CARERS, YOUNG_CARERS),),
        themes=(PEER,),
        teller="kai.brooks",
        identity=ANONYMOUS,
        status=S.DRAFT,
        days_ago=2,
    ),
    DemoStory(
        title="",
        body="My personal assistant left and the agency sent someone who",
        services=((COUNCIL, DIRECT_PAYMENTS),),
        teller="oliver.grant",
        identity=NAMED,
        status=S.DRAFT,
        days_ago=1,
    ),
    DemoStory(
        title="The day centre closing on Fridays",
        body=(
            "Maureen wants to say the day centre shutting on Fridays means her husband is home all weekend from "
            "Thursday night. (Read back to her on Tuesday; she wants to add what it did to her sleep.)"
        ),
        services=((COUNCIL, COMMUNITY_TEAM), (CARERS, CARERS_BREAKS)),
        themes=(BREAKS,),
        teller_name="Maureen",
        gathered_by=AMIRA,
        identity=ANONYMOUS,
        reach=MEMBERS,
        status=S.DRAFT,
        days_ago=4,
    ),
    # Sent and waiting to be checked: the moderator should find the phone number and the name.
    DemoStory(
        title="Ron’s hearing aid appointment",
        body=(
            "Ron needs his hearing aids checked and the letter says to ring 07700 900123 between nine and five. "
            "I rang four times and got the answerphone every time. The receptionist, Brenda, told me at the "
            "surgery to just turn up, but when we turned up they said it was appointment only. Ron can’t hear the "
            "phone so it has to be me, and I can’t be on the phone all day."
        ),
        services=((NHS, MEMORY),),
        themes=(PHONE, WAITING),
        teller="margaret.ellis",
        gathered_by=AMIRA,
        identity=NAMED,
        reach=PUBLIC,
        status=S.WAITING,
        feeling=F.UPSET,
        prompt="what-happened",
        days_ago=1,
    ),
)


def demo_stories_ensure(people: dict[str, Person], organisations: dict[str, Organisation]) -> int:
    """Load whatever demo stories are missing; returns how many this run added."""
    by_local = {email.removesuffix(DOMAIN): person for email, person in people.items()}
    services = {
        (service.organisation.name, service.name): service
        for service in Service.objects.filter(organisation__in=organisations.values()).select_related("organisation")
    }
    have = set(Story.objects.filter(title__in=[entry.title for entry in STORIES]).values_list("title", flat=True))
    themes: dict[str, Theme] = {}
    added = 0
    with transaction.atomic():
        for entry in STORIES:
            # The untitled draft is matched by its words instead.
            if (entry.title and entry.title in have) or (
                not entry.title and Story.objects.filter(body=entry.body).exists()
            ):
                continue
            _story_create(entry, by_local, services, themes)
            added += 1
    return added


def _theme(name: str, themes: dict[str, Theme]) -> Theme:
    if name not in themes:
        themes[name], _created = Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return themes[name]


def _story_create(
    entry: DemoStory,
    people: dict[str, Person],
    services: dict[tuple[str, str], Service],
    themes: dict[str, Theme],
) -> Story:
    from coproduce.stories.services.telling import identifying_details_check

    now = timezone.now()
    told_at = now - timedelta(days=entry.days_ago)
    gatherer = people[entry.gathered_by] if entry.gathered_by else None
    story = Story.objects.create(
        teller=people[entry.teller] if entry.teller else None,
        teller_name=entry.teller_name,
        identity=entry.identity,
        pen_name=entry.pen_name,
        title=entry.title,
        body=entry.body,
        feeling=entry.feeling,
        prompt=entry.prompt,
        principles=list(entry.principles),
        reach=entry.reach,
        status=entry.status,
        gathered_by=gatherer,
        teller_consent_at=told_at - timedelta(hours=1) if gatherer else None,
        teller_consent_wording=GATHERING_CONSENT_VERSIONS[-1].text if gatherer else "",
        submitted_at=told_at - timedelta(days=2) if entry.status != S.DRAFT else None,
        published_at=told_at if entry.status == S.PUBLISHED else None,
    )
    Story.objects.filter(pk=story.pk).update(created_at=told_at - timedelta(days=3), updated_at=told_at)
    story.services.set([services[key] for key in entry.services])
    story.themes.set([_theme(name, themes) for name in entry.themes])
    audit_record(
        actor=None,
        action="stories.story_gather" if gatherer else "stories.story_draft_start",
        target=story,
        detail={"source": "demo", "status": entry.status},
    )
    if entry.status == S.WAITING:
        identifying_details_check(story)
    return story
