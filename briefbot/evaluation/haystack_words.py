"""The haystack's vocabulary: councils, people, places, the topics of council business and the
sentences papers about them are made of. Data only; briefbot.evaluation.haystack writes papers
from it."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

COUNCILS = (
    ("Shropshire Council", "Shropshire", ("Shrewsbury", "Ludlow", "Oswestry", "Bridgnorth")),
    ("Worcestershire County Council", "Worcestershire", ("Worcester", "Kidderminster", "Evesham")),
    ("Powys County Council", "Powys", ("Brecon", "Newtown", "Llandrindod Wells", "Welshpool")),
    ("Gloucestershire County Council", "Gloucestershire", ("Gloucester", "Cheltenham", "Stroud")),
    ("Monmouthshire County Council", "Monmouthshire", ("Abergavenny", "Chepstow", "Monmouth")),
    ("Telford & Wrekin Council", "Telford and Wrekin", ("Telford", "Wellington", "Madeley")),
    ("Staffordshire County Council", "Staffordshire", ("Stafford", "Leek", "Lichfield")),
    ("Wiltshire Council", "Wiltshire", ("Salisbury", "Trowbridge", "Chippenham", "Devizes")),
)


FIRST_NAMES = (
    "Alison",
    "Bernard",
    "Catrin",
    "Dev",
    "Fiona",
    "Gareth",
    "Harriet",
    "Imran",
    "Joanna",
    "Keith",
    "Lowri",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sian",
    "Tom",
    "Ursula",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Beth",
    "Colin",
)


SURNAMES = (
    "Ashworth",
    "Bevan",
    "Castell",
    "Dunmore",
    "Ellison",
    "Fairbairn",
    "Griffiths",
    "Hollis",
    "Iqbal",
    "Jarvis",
    "Lloyd",
    "Marchant",
    "Norbury",
    "Okafor",
    "Pritchard",
    "Quayle",
    "Rowlands",
    "Sutcliffe",
    "Thorne",
    "Vaughan",
    "Whitlock",
    "Yardley",
)


STREETS = (
    "Station Road",
    "Mill Lane",
    "Church Street",
    "Castle Walk",
    "Bridge Street",
    "Old Forge Lane",
    "Meadow Way",
    "Kingsland Road",
)


VENUES = ("the Guildhall", "Shire Hall", "County Hall", "the Civic Centre", "the Council Chamber")


STORMS = ("Dennis", "Christoph", "Babet", "Henk", "Bert", "Arwen")


RATINGS = ("good", "requires improvement to be good", "outstanding")


DOC_WEIGHTS = {"minutes": 30, "report": 25, "press_release": 20, "news": 15, "briefing": 10}


FORMAT_WEIGHTS = {"txt": 70, "md": 17, "html": 13}


NEWS_OUTLETS = ("{area} Journal", "{area} Advertiser", "BBC News", "{town} Chronicle")


# Figures and dates of the real corpus that no synthetic paper may repeat.
FORBIDDEN_NUMBERS = frozenset(
    {"5", "5.0", "5.00", "6.49", "11.49", "16.7", "16.70", "1.7", "1.70", "5.22"}
)


FORBIDDEN_DATES = frozenset(
    {date(2022, 3, 31), date(2022, 11, 24), date(2022, 12, 13), date(2022, 12, 14)}
)


GENERIC: dict[str, tuple[str, ...]] = {
    "minutes": (
        "The chair thanked officers for a clear and thorough report.",
        "A member asked about the timetable and officers agreed to circulate a written answer.",
        "Members welcomed the report but asked for more detail on how residents were consulted.",
        "The committee noted the report and the comments made during the debate.",
        "Ward members spoke in support of the proposals and thanked local residents.",
    ),
    "report": (
        "This report was prepared with the monitoring officer and the chief finance officer.",
        "Background papers are available from the democratic services team.",
        "The proposals support the council plan priority of a thriving local economy.",
        "Legal advice has been taken on the procurement route.",
        "The main risk is cost inflation, which will be managed through a contingency budget.",
    ),
    "press_release": (
        "More information is available on the council's website.",
        "Residents can sign up to the council's e-newsletter for regular updates.",
        "The council will keep local members and town councils informed as the work progresses.",
        "Media enquiries should be sent to the council's communications team.",
    ),
    "news": (
        "The council said it would publish further details in the coming weeks.",
        "Opposition councillors said residents deserved clearer information.",
        "A spokesperson said the authority was committed to listening to local people.",
        "The plans will be discussed at a public meeting later in the year.",
    ),
    "briefing": (
        "This note is for information and does not ask members to make a decision.",
        "Members are asked to share this update with their parish and town councils.",
        "Questions about this briefing can be sent to the service by email.",
        "A further update will follow once the contract has been signed.",
    ),
}


# Sentences any topic's papers may carry, filled in with the paper's own subject and places.
CONTEXT = (
    "A public consultation on {subject} ran for {n} weeks and received {big} responses.",
    "Councillor {member} thanked staff across the service for their hard work.",
    "Ward councillors for {town} have been briefed and will share updates with residents.",
    "An equality impact assessment has been completed and is published with the papers.",
    "The council's climate commitments have been taken into account in the proposals.",
    "Town and parish councils in {area} were invited to comment on the plans.",
    "Officers will monitor the outcomes and publish performance figures on the website.",
    "Partners including the NHS, the police and the voluntary sector helped shape the work.",
)


class Topic(NamedTuple):
    """One strand of council business: who deals with it, and what papers about it say."""

    slug: str
    subject: str
    committees: tuple[str, ...]
    roles: tuple[str, str]  # (cabinet member, lead officer)
    headlines: tuple[str, ...]
    quote: str
    facts: tuple[str, ...]
    exclude: tuple[str, ...] = ()  # areas this topic must never be about


TOPICS = (
    Topic(
        "planning",
        "planning applications",
        ("Planning Committee", "Area Planning Committee"),
        ("Cabinet member for planning", "Head of Planning"),
        ("Outline application for {n} homes off {street}, {town}", "Planning performance {fy}"),
        "We want good homes in the right places, with the roads and green spaces they need.",
        (
            "The application seeks outline permission for {big} homes, {pct}% of them affordable.",
            "The case officer reported {big} letters of objection and {n} letters of support.",
            "Objectors raised traffic on {street}, loss of hedgerows and pressure on the surgery.",
            "The developer has offered a section 106 contribution of {small} "
            "towards school places.",
            "The committee noted that {pct}% of major applications were decided within 13 weeks.",
            "Members deferred a decision on a second application pending a site visit on {date}.",
        ),
    ),
    Topic(
        "highways",
        "highways and potholes",
        ("Cabinet", "Place Scrutiny Committee"),
        ("Cabinet member for highways", "Director of Economy"),
        ("{area} pothole repair programme {fy}", "Road resurfacing schemes approved for {town}"),
        "Our roads are our biggest asset and we know how much potholes matter to residents.",
        (
            "Cabinet approved {amount} for the {fy} highways maintenance programme.",
            "Crews repaired {big} potholes in the year to {before}.",
            "The council received {amount2} from the Department for Transport's pothole fund.",
            "A further {small} will be spent on drainage works on the A{n}{n} near {town}.",
            "The committee noted that {pct}% of defects were repaired within the 28-day target.",
            "The {town} relief road will be closed overnight from {date} for resurfacing.",
        ),
    ),
    Topic(
        "libraries",
        "the library service",
        ("Cabinet", "Communities Scrutiny Committee"),
        ("Cabinet member for culture and communities", "Head of Libraries and Culture"),
        ("Future of the {area} library service", "{town} library to move into the community hub"),
        "Libraries are warm, welcoming places at the heart of our towns.",
        (
            "The consultation on library opening hours received {big} responses.",
            "{town} library will move into the refurbished community hub on {street} in {month}.",
            "Cabinet approved a library service budget of {amount} for {fy}.",
            "Visits to libraries rose by {pct}% last year and e-book loans passed {big}.",
            "Volunteers now help to run {n} of the county's community libraries.",
            "The summer reading challenge attracted {big} children aged four to eleven.",
        ),
    ),
    Topic(
        "waste",
        "waste and recycling",
        ("Cabinet", "Environment Scrutiny Committee"),
        ("Cabinet member for environment", "Head of Waste Services"),
        ("New kerbside recycling service for {area}", "Garden waste charges for {fy}"),
        "Residents have embraced recycling and this new service makes it easier still.",
        (
            "From {date} households will have a weekly food waste collection.",
            "The recycling rate for {fy} was {pct}%, the highest the council has recorded.",
            "Cabinet approved {amount} to buy {n} new refuse collection vehicles.",
            "The annual garden waste subscription will rise to £{fee} from {month}.",
            "Fly-tipping incidents fell to {big} last year and {n} fixed penalties were issued.",
            "The new contract with the waste operator is worth {amount2} over eight years.",
        ),
    ),
    Topic(
        "budget",
        "budgets and council tax",
        ("Cabinet", "Full Council", "Audit Committee"),
        ("Cabinet member for finance", "Director of Resources"),
        ("{area} budget and council tax {fy}", "Medium term financial strategy update"),
        "This budget protects the most vulnerable while keeping council tax as low as we can.",
        (
            "Full Council agreed a net revenue budget of {amount} for {fy}.",
            "Council tax will rise by {low}.99% in {fy}, including the adult social care precept.",
            "A Band D property will pay £{bandd} a year for county council services.",
            "The forecast overspend at {month} is {amount2}, mainly in social care and transport.",
            "General reserves stand at {amount2}, above the minimum recommended level.",
            "The capital programme for {fy} totals {amount}.",
        ),
    ),
    Topic(
        "leisure",
        "leisure centres",
        ("Cabinet", "Communities Scrutiny Committee"),
        ("Cabinet member for leisure and tourism", "Head of Leisure"),
        ("{town} leisure centre refurbishment", "New swimming pool for {town}"),
        "A modern, efficient leisure centre is something {town} has waited a long time for.",
        (
            "Cabinet approved {amount} to refurbish {town} leisure centre, with a learner pool.",
            "The centre will close from {date} and is expected to reopen in {month}.",
            "Memberships have risen to {big} and the pools recorded {big} swims last year.",
            "Solar panels and heat pumps will cut the centre's energy bills by {small} a year.",
            "The leisure operating contract carries a management fee of {small} a year.",
            "Free swimming for under-16s will continue during the school holidays.",
        ),
    ),
    Topic(
        "flooding",
        "flood defences",
        ("Cabinet", "Environment Scrutiny Committee"),
        ("Cabinet member for environment and climate", "Flood Risk Manager"),
        ("{town} flood alleviation scheme", "Storm {storm} recovery report"),
        "Nobody should have to go through the misery of flooding again.",
        (
            "The {town} flood scheme will cost {amount}, including {amount2} of national funding.",
            "During Storm {storm} in {before} around {big} homes and businesses were flooded.",
            "Work on the new flood wall started on {date} and will take {n} months.",
            "Property flood resilience grants of up to {small} are available to households.",
            "The council has cleared {big} gullies and inspected {n} culverts since the winter.",
            "The Environment Agency said the defences would protect {big} properties.",
        ),
    ),
    Topic(
        "buses",
        "bus services",
        ("Cabinet", "Economy Scrutiny Committee"),
        ("Cabinet member for transport", "Passenger Transport Manager"),
        ("Bus service improvement plan for {area}", "Changes to {town} to {town2} buses"),
        "Reliable buses connect people to jobs, schools and services.",
        (
            "The council will use {amount} of bus service improvement funding for rural routes.",
            "From {date} buses between {town} and {town2} will run every {mins} minutes.",
            "Single fares will be capped at £2 until {month}.",
            "Passenger numbers have recovered to {pct}% of pre-pandemic levels.",
            "The demand responsive service carried {big} passengers in its first year.",
            "Cabinet approved a subsidy of {small} a year to keep the evening service running.",
        ),
    ),
    Topic(
        "housing",
        "housing",
        ("Cabinet", "Housing Scrutiny Committee"),
        ("Cabinet member for housing", "Director of Housing"),
        ("{n} new council homes for {town}", "Homelessness and rough sleeping update"),
        "Everyone deserves a safe, warm and affordable home.",
        (
            "Cabinet approved {amount} to build {big} new council homes at {street}, {town}.",
            "There are {big} households on the housing register.",
            "The council aims to deliver {big} affordable homes by {year2}.",
            "Empty homes grants of up to {small} will help bring properties back into use.",
            "Rough sleeping fell to {n} people at the last official count in {before}.",
            "A further {amount2} has been secured from Homes England.",
        ),
    ),
    Topic(
        "parks",
        "parks and open spaces",
        ("Cabinet", "Communities Scrutiny Committee"),
        ("Cabinet member for environment and parks", "Parks and Countryside Manager"),
        ("{town} park improvements", "Play area investment programme"),
        "Our parks were a lifeline for so many people and we want them to thrive.",
        (
            "{n} parks in {area} have been awarded Green Flag status this year.",
            "Cabinet approved {small} for new play equipment at {n} sites.",
            "The new skate park in {town} opened on {date}.",
            "Volunteers planted {big} trees across the county's parks during the winter.",
            "The café at {town} park will be let on a new {n}-year lease.",
            "Mowing will be reduced on {pct}% of verges to help wildflowers and pollinators.",
        ),
    ),
    Topic(
        "adult-social-care",
        "adult social care",
        ("Cabinet", "Adults Scrutiny Committee"),
        ("Cabinet member for adult social care", "Director of Adult Social Services"),
        ("{area} adult social care budget {fy}", "Care home fee uplift {fy}"),
        "We want people in {area} to live independently at home for as long as possible.",
        (
            "{council} will spend {amount} on adult social care in {fy}.",
            "Care home fees in {area} will rise by {low}.5% from April.",
            "The number of people waiting for a care assessment has fallen to {big}.",
            "A new home care contract worth {amount2} will start on {date}.",
            "The committee noted pressures from rising demand and a shortage of care workers.",
            "{small} from the discharge fund will help people leave hospital sooner.",
        ),
    ),
    Topic(
        "schools",
        "schools and school places",
        ("Cabinet", "Schools Forum"),
        ("Cabinet member for education", "Director of Education"),
        ("New primary school for {town}", "School places planning {fy}"),
        "Every child in {area} deserves a place at a good local school.",
        (
            "Cabinet approved {amount} to build a new primary school on {street}, {town}.",
            "Demand for secondary places in {town} will rise by {big} pupils by {year2}.",
            "The home to school transport budget in {area} will overspend by {amount2}.",
            "The Schools Forum agreed to move {small} into the high needs block.",
            "{pct}% of pupils were offered their first-preference primary school.",
            "Capital funding of {amount2} will add {n} classrooms to {town} High School.",
        ),
    ),
    Topic(
        "public-health",
        "public health",
        ("Cabinet", "Health and Wellbeing Board"),
        ("Cabinet member for public health", "Director of Public Health"),
        ("{area} public health annual report", "Stop smoking service recommissioned"),
        "Prevention is always better than cure.",
        (
            "The public health grant for {area} in {fy} is {amount}.",
            "The annual report of the Director of Public Health focuses on healthy ageing.",
            "Smoking prevalence in {area} has fallen to 1{low}% of adults.",
            "A new sexual health contract worth {amount2} will run from {date}.",
            "{big} residents took up a free NHS Health Check last year.",
            "The board agreed to target {n} neighbourhoods with the highest rates of obesity.",
        ),
    ),
    Topic(
        "childrens-services",
        "children's services",
        ("Cabinet", "People Scrutiny Committee"),
        ("Cabinet member for children's services", "Director of Children's Services"),
        ("{area} children's services update", "Fostering recruitment campaign in {area}"),
        "Children in {area} deserve the very best start in life.",
        (
            "Ofsted rated {area}'s services for children as {rating} in {before}.",
            "Cabinet approved {amount} to recruit more foster carers in {area}.",
            "{council} has opened {n} family hubs, including one in {town}.",
            "{pct}% of social workers in {area} are now permanent staff.",
            "Fostering allowances in {area} will rise by {low}% from April.",
            "Cabinet agreed {small} for short breaks for disabled children in {area}.",
        ),
        exclude=("Worcestershire",),
    ),
)
