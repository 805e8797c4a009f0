"""The cast of the demo: Northwind Labs, a fictional company, its offices, teams and skills.

Everything here is plain data. :mod:`twoway.core.demo.plan` draws members from it; every skill
named here must be a catalogue name (twoway/engine/data/skills.csv), which a test checks.
"""

from __future__ import annotations

from dataclasses import dataclass

ORGANISATION = "Northwind Labs"
MEMBER_DOMAIN = "northwind.example"
ADMIN_EMAIL = "admin@twoway.example"
PROGRAM_MANAGERS_GROUP = "Program managers"
# Published on purpose (docs/demo.md): the demo is for local trials and is refused in production.
DEMO_PASSWORD = "twoway-demo"

SENIORITIES = ("junior", "mid", "senior", "lead")
# How many members of each seniority out of ten: a realistic, junior-heavy pyramid.
SENIORITY_WEIGHTS = (4, 3, 2, 1)
YEARS = {"junior": (0, 3), "mid": (3, 7), "senior": (8, 14), "lead": (12, 25)}


@dataclass(frozen=True)
class Office:
    """Where a member works: a city, its IANA zone, languages and the names common there."""

    city: str
    timezone: str
    languages: tuple[str, ...]
    extra_languages: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    weight: int = 1


OFFICES = (
    Office(
        "London",
        "Europe/London",
        ("English",),
        ("French", "Polish", "Hindi", "Urdu", "Spanish"),
        ("Oliver", "Amelia", "Callum", "Imogen", "Rhys", "Zara", "Idris", "Niamh", "Harriet"),
        ("Thornbury", "Ashworth", "Hargreaves", "Pennington", "Kaur", "Begum", "Osei", "Lowther"),
        weight=3,
    ),
    Office(
        "Berlin",
        "Europe/Berlin",
        ("German", "English"),
        ("Turkish", "Polish", "French", "Russian"),
        ("Lena", "Jonas", "Mila", "Felix", "Emre", "Aylin", "Katarzyna", "Matthias", "Greta"),
        ("Brandt", "Vogel", "Hartmann", "Yilmaz", "Kowalczyk", "Lindqvist", "Engel", "Ritter"),
        weight=2,
    ),
    Office(
        "Lisbon",
        "Europe/Lisbon",
        ("Portuguese", "English"),
        ("Spanish", "French"),
        ("Inês", "Tiago", "Beatriz", "Rui", "Mariana", "Duarte", "Leonor", "Gonçalo"),
        ("Carvalho", "Figueiredo", "Antunes", "Sequeira", "Pires", "Quaresma", "Vidal"),
    ),
    Office(
        "Lagos",
        "Africa/Lagos",
        ("English",),
        ("Yoruba", "Igbo", "Hausa", "French"),
        ("Chiamaka", "Tunde", "Ngozi", "Emeka", "Folake", "Ifeoluwa", "Obinna", "Zainab"),
        ("Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu", "Afolabi", "Danjuma", "Okoro"),
        weight=2,
    ),
    Office(
        "Nairobi",
        "Africa/Nairobi",
        ("English", "Swahili"),
        ("Kikuyu", "French"),
        ("Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Baraka", "Amani", "Muthoni"),
        ("Mwangi", "Ochieng", "Wambui", "Kiprono", "Njoroge", "Odhiambo", "Chege"),
    ),
    Office(
        "Bengaluru",
        "Asia/Kolkata",
        ("English", "Hindi"),
        ("Kannada", "Tamil", "Telugu", "Marathi"),
        ("Aarav", "Ishita", "Rohan", "Meera", "Kavya", "Arjun", "Sneha", "Vikram", "Divya"),
        ("Iyer", "Menon", "Reddy", "Kulkarni", "Banerjee", "Nair", "Deshpande", "Bhat"),
        weight=3,
    ),
    Office(
        "Singapore",
        "Asia/Singapore",
        ("English",),
        ("Mandarin", "Malay", "Tamil", "Cantonese"),
        ("Wei Ling", "Jun Hao", "Mei", "Farah", "Darius", "Hui Min", "Rizwan", "Shu Fen"),
        ("Tan", "Lim", "Ong", "Goh", "Rahman", "Teo", "Chua", "Koh"),
    ),
    Office(
        "Tokyo",
        "Asia/Tokyo",
        ("Japanese", "English"),
        ("Korean", "Mandarin"),
        ("Haruto", "Yui", "Sora", "Aoi", "Ren", "Hina", "Daiki", "Mio"),
        ("Tanaka", "Sato", "Kobayashi", "Watanabe", "Mori", "Fujita", "Ishikawa"),
    ),
    Office(
        "Sydney",
        "Australia/Sydney",
        ("English",),
        ("Vietnamese", "Greek", "Mandarin", "Italian"),
        ("Lachlan", "Matilda", "Harper", "Mai", "Nikos", "Chloe", "Jarrah", "Ruby"),
        ("Fitzgerald", "Nguyen", "Papadopoulos", "Kelly", "O'Brien", "Walsh", "Tran", "Rossi"),
    ),
    Office(
        "New York",
        "America/New_York",
        ("English",),
        ("Spanish", "Korean", "Russian", "Haitian Creole"),
        ("Jordan", "Aaliyah", "Marcus", "Sofia", "Devon", "Naomi", "Eli", "Grace", "Tyrone"),
        ("Washington", "Rivera", "Goldberg", "Park", "Brooks", "Delgado", "Coleman", "Sullivan"),
        weight=3,
    ),
    Office(
        "Toronto",
        "America/Toronto",
        ("English", "French"),
        ("Punjabi", "Tagalog", "Cantonese"),
        ("Avery", "Gurpreet", "Maya", "Liam", "Anjali", "Théo", "Chantal", "Jasmine"),
        ("Tremblay", "Singh", "Gagnon", "Santos", "Chen", "MacLeod", "Dhillon", "Roy"),
    ),
    Office(
        "Mexico City",
        "America/Mexico_City",
        ("Spanish", "English"),
        ("Portuguese", "French"),
        ("Ximena", "Diego", "Valeria", "Emiliano", "Renata", "Santiago", "Itzel", "Mateo"),
        ("Hernández", "Castillo", "Mendoza", "Ramírez", "Vargas", "Guerrero", "Salazar"),
    ),
    Office(
        "São Paulo",
        "America/Sao_Paulo",
        ("Portuguese", "English"),
        ("Spanish", "Italian", "Japanese"),
        ("Thiago", "Larissa", "Gustavo", "Rafaela", "Matheus", "Yasmin", "Bruno", "Camila"),
        ("Souza", "Oliveira", "Nascimento", "Barbosa", "Teixeira", "Moreira", "Ribeiro"),
        weight=2,
    ),
)

ENGINEERING_CRAFT = (
    "System design",
    "Software architecture",
    "Code review",
    "Debugging",
    "Distributed systems",
    "Database design",
    "Incident management",
    "Technical writing",
    "Refactoring",
    "Domain-driven design",
    "Test-driven development",
    "Performance optimisation",
)
PEOPLE_CRAFT = (
    "Public speaking",
    "Negotiation",
    "Giving feedback",
    "Career development",
    "People management",
    "Prioritisation",
    "Strategic thinking",
    "Facilitation",
    "Storytelling",
    "Influencing",
)


@dataclass(frozen=True)
class Team:
    """A team: its everyday skills, the newer tools its juniors bring, the craft its seniors hold.

    ``titles`` go junior, mid, senior, lead. Juniors teach ``new_tools`` and want ``craft``;
    seniors teach ``craft`` and want new tools (reverse mentoring).
    """

    name: str
    titles: tuple[str, str, str, str]
    skills: tuple[str, ...]
    new_tools: tuple[str, ...]
    craft: tuple[str, ...]
    weight: int = 1


TEAMS = (
    Team(
        "Platform",
        (
            "Junior Platform Engineer",
            "Platform Engineer",
            "Senior Platform Engineer",
            "Staff Platform Engineer",
        ),
        (
            "Kubernetes",
            "Terraform",
            "Linux",
            "Docker",
            "Observability",
            "CI/CD",
            "Site reliability engineering",
            "Prometheus",
        ),
        ("GitHub Actions", "Rust", "Go", "Pulumi", "Argo CD", "Prompt engineering"),
        ENGINEERING_CRAFT[:8] + ("Public speaking", "Negotiation"),
        weight=3,
    ),
    Team(
        "Data",
        (
            "Junior Data Analyst",
            "Data Engineer",
            "Senior Data Scientist",
            "Principal Data Engineer",
        ),
        (
            "SQL",
            "Python",
            "Pandas",
            "Apache Spark",
            "Apache Airflow",
            "Data modelling",
            "Statistics",
            "Data visualisation",
        ),
        ("dbt", "DuckDB", "Prompt engineering", "Large language models", "Hugging Face"),
        (
            "System design",
            "Database design",
            "Query optimisation",
            "Code review",
            "Storytelling",
            "Public speaking",
            "Technical writing",
            "Data governance",
        ),
        weight=3,
    ),
    Team(
        "Mobile",
        ("Junior Mobile Developer", "Mobile Engineer", "Senior iOS Engineer", "Mobile Tech Lead"),
        (
            "Swift",
            "iOS development",
            "Android development",
            "React Native",
            "Java",
            "Accessibility",
        ),
        ("Kotlin", "Jetpack Compose", "SwiftUI", "Flutter", "GitHub Actions"),
        (
            "Software architecture",
            "Code review",
            "Debugging",
            "Performance optimisation",
            "Public speaking",
            "Giving feedback",
        ),
        weight=2,
    ),
    Team(
        "Web",
        (
            "Junior Frontend Developer",
            "Frontend Engineer",
            "Senior Frontend Engineer",
            "Staff Frontend Engineer",
        ),
        ("JavaScript", "React", "HTML/CSS", "Accessibility", "Web performance", "Node.js"),
        ("TypeScript", "Tailwind CSS", "Next.js", "Svelte", "Vite", "Playwright"),
        (
            "Software architecture",
            "Code review",
            "Refactoring",
            "Test-driven development",
            "Public speaking",
            "Technical writing",
        ),
        weight=3,
    ),
    Team(
        "Backend",
        (
            "Junior Backend Developer",
            "Backend Engineer",
            "Senior Backend Engineer",
            "Principal Engineer",
        ),
        (
            "Python",
            "Django",
            "PostgreSQL",
            "REST API design",
            "Java",
            "Spring Boot",
            "Redis",
            "Apache Kafka",
        ),
        ("Rust", "Go", "TypeScript", "GitHub Actions", "Prompt engineering", "LangChain"),
        ENGINEERING_CRAFT + ("Negotiation",),
        weight=3,
    ),
    Team(
        "Design",
        ("Junior Product Designer", "Product Designer", "Senior Product Designer", "Design Lead"),
        (
            "UX design",
            "User research",
            "Design systems",
            "Typography",
            "Interaction design",
            "Usability testing",
        ),
        ("Figma", "Prototyping", "Motion design", "Generative AI", "Tailwind CSS"),
        (
            "Design thinking",
            "Service design",
            "Facilitation",
            "Storytelling",
            "Public speaking",
            "Giving feedback",
            "Negotiation",
        ),
        weight=2,
    ),
    Team(
        "Product",
        (
            "Associate Product Manager",
            "Product Manager",
            "Senior Product Manager",
            "Group Product Manager",
        ),
        (
            "Product management",
            "Product discovery",
            "Roadmapping",
            "OKRs",
            "User stories",
            "Requirements gathering",
        ),
        ("Prompt engineering", "Generative AI", "A/B testing", "Figma", "SQL"),
        (
            "Product strategy",
            "Negotiation",
            "Public speaking",
            "Storytelling",
            "Influencing",
            "Prioritisation",
            "Decision making",
            "System design",
        ),
        weight=2,
    ),
    Team(
        "Security",
        ("Security Analyst", "Security Engineer", "Senior Security Engineer", "Security Lead"),
        (
            "Application security",
            "Cryptography",
            "Penetration testing",
            "Identity and access management",
            "OAuth",
            "Cybersecurity",
            "Data privacy",
        ),
        ("Rust", "GitHub Actions", "Prompt engineering", "HashiCorp Vault"),
        (
            "System design",
            "Incident management",
            "Risk management",
            "Code review",
            "Public speaking",
            "Technical writing",
        ),
    ),
    Team(
        "Sales Eng",
        (
            "Associate Solutions Engineer",
            "Solutions Engineer",
            "Senior Solutions Engineer",
            "Head of Sales Engineering",
        ),
        ("Sales", "Customer success", "REST API design", "Business analysis", "SQL"),
        ("Prompt engineering", "Generative AI", "TypeScript", "Figma"),
        (
            "Negotiation",
            "Public speaking",
            "Storytelling",
            "Executive presence",
            "Influencing",
            "System design",
        ),
    ),
    Team(
        "People Ops",
        (
            "People Ops Coordinator",
            "People Partner",
            "Senior People Partner",
            "Head of People Development",
        ),
        (
            "Hiring",
            "Diversity and inclusion",
            "Change management",
            "Conflict resolution",
            "Team building",
        ),
        ("Generative AI", "Prompt engineering", "Data visualisation", "Google Sheets"),
        (
            "Coaching",
            "Facilitation",
            "Giving feedback",
            "Public speaking",
            "Negotiation",
            "Career development",
        ),
    ),
)

# What makes a bio sound like a person, not a form.
PASTIMES = (
    "Outside work I run a small book club.",
    "Weekends are for hiking and questionable coffee.",
    "I play five-a-side football badly and happily.",
    "I'm learning to bake sourdough, slowly.",
    "I volunteer at a coding club for teenagers.",
    "I sing in a community choir.",
    "I'm restoring an old bicycle, one part at a time.",
    "Ask me about board games; I own too many.",
    "I climb indoors twice a week.",
    "I keep a balcony garden alive against the odds.",
    "I'm slowly reading my way through every Booker winner.",
    "I swim in the sea whenever the weather allows.",
)
WAYS_OF_WORKING = (
    "Short, regular sessions work better for me than long ones.",
    "Happy to pair on a video call or in the office.",
    "I like to agree on a goal first, then meet every two weeks.",
    "Async notes first, then a call, works best for me.",
    "I learn best by doing: bring a real problem.",
    "I'm glad to swap: an hour of what I know for an hour of what you know.",
)
