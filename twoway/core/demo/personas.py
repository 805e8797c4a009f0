"""The demo's fixed people: the ones docs/demo.md introduces and whose logins `make run` prints.

They are the same for every seed, so the docs, the tests and a newcomer's first look agree. Sam
(junior) and Ana (senior) are written to complement each other: Ana can teach Sam SQL and system
design, Sam can teach Ana Figma, TypeScript and prompt engineering.
"""

from __future__ import annotations

from twoway.core.demo.data import ADMIN_EMAIL, MEMBER_DOMAIN, ORGANISATION
from twoway.core.demo.plan import MemberPlan

ADMIN = MemberPlan(
    email=ADMIN_EMAIL,
    first_name="Robin",
    last_name="Adair",
    team="People Ops",
    role="Twoway administrator",
    seniority="senior",
    years=11,
    city="London",
    timezone="Europe/London",
    languages=("English",),
    headline="Keeps this Twoway running · ask me anything about the site",
    bio=(
        f"I look after Twoway for {ORGANISATION}: accounts, skills in the catalogue and the "
        "odd merge of duplicate skills. I'm not taking partners right now, but I read every "
        "piece of feedback."
    ),
    capacity=1,
    open_to_partners=False,
    teaches=(("Technical writing", 4),),
    learns=(("Negotiation", 1),),
    admin=True,
)

SAM = MemberPlan(
    email=f"sam@{MEMBER_DOMAIN}",
    first_name="Sam",
    last_name="Okafor",
    team="Web",
    role="Junior Frontend Developer",
    seniority="junior",
    years=2,
    city="London",
    timezone="Europe/London",
    languages=("English", "Yoruba"),
    headline="Junior Frontend Developer · teaches Figma and TypeScript, learning SQL",
    bio=(
        f"I joined {ORGANISATION} after a bootcamp and work on the Web team in London. I design "
        "in Figma, write TypeScript all day and use prompt engineering to speed up the boring "
        "parts. I want to understand how systems fit together and write SQL that doesn't make "
        "the data team wince. Short, regular sessions work better for me than long ones."
    ),
    capacity=2,
    open_to_partners=True,
    teaches=(
        ("Figma", 4),
        ("TypeScript", 4),
        ("Prompt engineering", 4),
        ("GitHub Actions", 3),
    ),
    learns=(("SQL", 3), ("System design", 3), ("Public speaking", 2), ("Code review", 2)),
)

ANA = MemberPlan(
    email=f"ana@{MEMBER_DOMAIN}",
    first_name="Ana",
    last_name="Lima",
    team="Data",
    role="Staff Data Engineer",
    seniority="lead",
    years=16,
    city="São Paulo",
    timezone="America/Sao_Paulo",
    languages=("Portuguese", "English", "Spanish"),
    headline="Staff Data Engineer · 16 years of SQL, now learning Figma",
    bio=(
        "I've spent sixteen years building data platforms, the last five on the Data team in "
        "São Paulo. I can help with SQL, data modelling, system design and giving a talk "
        "without panicking. I'd like to learn Figma and prompt engineering from someone who "
        "uses them every day; that's the point of Twoway for me."
    ),
    capacity=2,
    open_to_partners=True,
    teaches=(
        ("SQL", 5),
        ("System design", 5),
        ("Data modelling", 5),
        ("Code review", 4),
        ("Public speaking", 4),
    ),
    learns=(("Figma", 3), ("Prompt engineering", 3), ("TypeScript", 2)),
)

PRIYA = MemberPlan(
    email=f"priya@{MEMBER_DOMAIN}",
    first_name="Priya",
    last_name="Raman",
    team="People Ops",
    role="Head of Learning & Development",
    seniority="lead",
    years=13,
    city="London",
    timezone="Europe/London",
    languages=("English", "Tamil", "Hindi"),
    headline="Head of Learning & Development · runs Northwind's mentoring programs",
    bio=(
        f"I run the mentoring programs at {ORGANISATION}: cohorts, match rounds and the "
        "reports nobody else wants to write. I coach and facilitate, and I'm learning to tell "
        "better stories with data."
    ),
    capacity=1,
    open_to_partners=True,
    teaches=(("Coaching", 5), ("Facilitation", 5), ("Career development", 4)),
    learns=(("Data visualisation", 3), ("Prompt engineering", 2)),
    program_manager=True,
)

KWAME = MemberPlan(
    email=f"kwame@{MEMBER_DOMAIN}",
    first_name="Kwame",
    last_name="Mensah",
    team="Platform",
    role="Engineering Manager, Platform",
    seniority="lead",
    years=15,
    city="Lagos",
    timezone="Africa/Lagos",
    languages=("English", "French"),
    headline="Engineering Manager, Platform · organises the engineering mentoring cohort",
    bio=(
        "I manage the Platform team and organise our engineering mentoring cohort. I can help "
        "with people management and running incidents calmly. My juniors are teaching me Rust."
    ),
    capacity=1,
    open_to_partners=True,
    teaches=(("People management", 5), ("Incident management", 4), ("Kubernetes", 4)),
    learns=(("Rust", 3), ("GitHub Actions", 2)),
    program_manager=True,
)

LUCIA = MemberPlan(
    email=f"lucia@{MEMBER_DOMAIN}",
    first_name="Lucía",
    last_name="Fernández",
    team="Design",
    role="Design Lead",
    seniority="lead",
    years=10,
    city="Mexico City",
    timezone="America/Mexico_City",
    languages=("Spanish", "English"),
    headline="Design Lead · runs the design guild's peer circles",
    bio=(
        "I lead design for our mobile apps and run the design guild's peer circles. Ask me "
        "about design systems and user research; I'm learning generative AI and Tailwind CSS."
    ),
    capacity=2,
    open_to_partners=True,
    teaches=(("Design systems", 5), ("User research", 4), ("Facilitation", 4)),
    learns=(("Generative AI", 3), ("Tailwind CSS", 2)),
    program_manager=True,
)

# Members with a fixed identity, in the order the logins are printed (the admin comes first).
PERSONAS = (PRIYA, SAM, ANA, KWAME, LUCIA)

# What `seed_demo` prints next to each login.
LOGIN_NOTES = {
    ADMIN.email: "admin: staff and superuser, opens /admin/ (sets up a second factor first)",
    PRIYA.email: "program manager (Priya Raman, People Ops)",
    SAM.email: "junior member (Sam Okafor): teaches Figma and TypeScript, wants SQL",
    ANA.email: "senior member (Ana Lima): teaches SQL and system design, wants Figma",
}
