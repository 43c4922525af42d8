"""Word lists for the demo population: PMI chapters, names, industries, careers."""

from __future__ import annotations

from dataclasses import dataclass

# Every year in the demo data is at most this, so a seed gives the same data any year.
DEMO_YEAR = 2025

# The year PMI first awarded each credential: nobody earned one earlier.
INTRODUCED: dict[str, int] = {
    "CAPM": 2003, "PMP": 1984, "PgMP": 2007, "PMI-SP": 2008, "PMI-RMP": 2008,
    "PMI-ACP": 2011, "PfMP": 2014, "PMI-PBA": 2014, "DASM": 2019, "DASSM": 2019,
    "PMI-CP": 2022, "PMO-CP": 2022,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Chapter:
    """A PMI chapter with its city, IANA time zone, spoken languages and name pool."""

    name: str
    city: str
    timezone: str
    languages: tuple[str, ...]
    names: str
    weight: int


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("PMI Berlin/Brandenburg", "Berlin", "Europe/Berlin",
            ("German", "English"), "de", 5),
    Chapter("PMI Munich/Southern Germany", "Munich", "Europe/Berlin",
            ("German", "English"), "de", 4),
    Chapter("PMI Netherlands", "Amsterdam", "Europe/Amsterdam",
            ("Dutch", "English"), "nl", 5),
    Chapter("PMI UK", "London", "Europe/London", ("English",), "uk", 7),
    Chapter("PMI France", "Paris", "Europe/Paris", ("French", "English"), "fr", 4),
    Chapter("PMI Madrid Spain", "Madrid", "Europe/Madrid",
            ("Spanish", "English"), "es", 3),
    Chapter("PMI Poland", "Warsaw", "Europe/Warsaw", ("Polish", "English"), "pl", 3),
    Chapter("PMI Southern Ontario", "Toronto", "America/Toronto",
            ("English",), "na", 6),
    Chapter("PMI Montréal", "Montréal", "America/Toronto",
            ("French", "English"), "fr", 3),
    Chapter("PMI New York City", "New York", "America/New_York",
            ("English", "Spanish"), "na", 7),
    Chapter("PMI Chicagoland", "Chicago", "America/Chicago", ("English",), "na", 5),
    Chapter("PMI Houston", "Houston", "America/Chicago",
            ("English", "Spanish"), "na", 3),
    Chapter("PMI Silicon Valley", "San Jose", "America/Los_Angeles",
            ("English",), "na", 5),
    Chapter("PMI Mexico", "Mexico City", "America/Mexico_City",
            ("Spanish", "English"), "es", 3),
    Chapter("PMI São Paulo", "São Paulo", "America/Sao_Paulo",
            ("Portuguese", "English"), "br", 4),
    Chapter("PMI Bangalore", "Bengaluru", "Asia/Kolkata",
            ("English", "Hindi"), "in", 7),
    Chapter("PMI Pune-Deccan", "Pune", "Asia/Kolkata", ("English", "Hindi"), "in", 4),
    Chapter("PMI Singapore", "Singapore", "Asia/Singapore",
            ("English", "Chinese (Mandarin)"), "sg", 4),
    Chapter("PMI Japan", "Tokyo", "Asia/Tokyo", ("Japanese", "English"), "jp", 3),
    Chapter("PMI Sydney", "Sydney", "Australia/Sydney", ("English",), "uk", 5),
    Chapter("PMI Arabian Gulf", "Dubai", "Asia/Dubai", ("English", "Arabic"), "ar", 3),
    Chapter("PMI Kenya", "Nairobi", "Africa/Nairobi", ("English",), "ke", 2),
    Chapter("PMI South Africa", "Johannesburg", "Africa/Johannesburg",
            ("English",), "za", 2),
)  # fmt: skip

# Extra languages people sometimes speak besides their chapter's.
EXTRA_LANGUAGES: tuple[str, ...] = (
    "English", "Spanish", "French", "German", "Portuguese", "Hindi", "Italian",
    "Arabic", "Russian", "Polish", "Turkish", "Urdu", "Chinese (Mandarin)",
)  # fmt: skip

NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "de": (
        ("Anna", "Jonas", "Katrin", "Lukas", "Miriam", "Stefan", "Julia", "Tobias",
         "Sabine", "Felix", "Leonie", "Matthias", "Ayşe", "Emre"),
        ("Müller", "Schmidt", "Weber", "Becker", "Hoffmann", "Schulz", "Koch",
         "Richter", "Wagner", "Krüger", "Yılmaz", "Neumann", "Braun", "Vogel"),
    ),
    "nl": (
        ("Sanne", "Daan", "Lotte", "Bram", "Femke", "Joost", "Eva", "Ruben",
         "Marieke", "Sander", "Noor", "Thijs"),
        ("de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit",
         "Meijer", "Mulder", "de Boer", "Bos", "Vermeulen"),
    ),
    "uk": (
        ("Oliver", "Amelia", "Harry", "Sophie", "James", "Charlotte", "Priya",
         "Tom", "Grace", "Daniel", "Hannah", "Ravi", "Chloe", "Liam"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Patel",
         "Evans", "Thomas", "Roberts", "Walker", "Khan", "Hughes", "O'Connor"),
    ),
    "fr": (
        ("Camille", "Julien", "Léa", "Nicolas", "Chloé", "Mathieu", "Élodie",
         "Thomas", "Manon", "Antoine", "Sophie", "Karim"),
        ("Martin", "Bernard", "Dubois", "Lefebvre", "Moreau", "Laurent", "Girard",
         "Roux", "Fournier", "Tremblay", "Gagnon", "Benali"),
    ),
    "es": (
        ("Lucía", "Javier", "María", "Alejandro", "Carmen", "Diego", "Sofía",
         "Pablo", "Elena", "Andrés", "Valeria", "Jorge"),
        ("García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández",
         "Ruiz", "Hernández", "Torres", "Ramírez", "Flores"),
    ),
    "pl": (
        ("Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł",
         "Joanna", "Michał", "Ewa", "Krzysztof"),
        ("Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski",
         "Zielińska", "Szymański", "Dąbrowska", "Kozłowski"),
    ),
    "na": (
        ("Emily", "Michael", "Jessica", "David", "Ashley", "Chris", "Maria",
         "Kevin", "Aisha", "Brian", "Mei", "Carlos", "Rachel", "Tyler", "Nkechi",
         "Jordan"),
        ("Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Anderson", "Nguyen",
         "Kim", "Thompson", "Chen", "Okafor", "Murphy", "Cohen", "Rivera",
         "Singh", "Washington"),
    ),
    "br": (
        ("Ana", "João", "Mariana", "Lucas", "Beatriz", "Rafael", "Camila",
         "Gustavo", "Juliana", "Felipe", "Larissa", "Thiago"),
        ("Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa",
         "Ferreira", "Almeida", "Carvalho", "Ribeiro", "Gonçalves"),
    ),
    "in": (
        ("Priya", "Rahul", "Ananya", "Arjun", "Deepa", "Vikram", "Kavya",
         "Sanjay", "Meera", "Rohit", "Lakshmi", "Aditya", "Sneha", "Karthik"),
        ("Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Rao", "Patel", "Menon",
         "Krishnan", "Desai", "Kulkarni", "Shetty", "Joshi", "Banerjee"),
    ),
    "sg": (
        ("Wei Ling", "Jun Jie", "Hui Min", "Marcus", "Siti", "Darren", "Mei Xin",
         "Arun", "Rachel", "Kelvin"),
        ("Tan", "Lim", "Lee", "Ng", "Wong", "Goh", "Chua", "Rahman", "Pillai",
         "Teo"),
    ),
    "jp": (
        ("Yuki", "Haruto", "Aiko", "Takeshi", "Naoko", "Kenji", "Sakura",
         "Daisuke", "Emi", "Hiroshi"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto",
         "Nakamura", "Kobayashi", "Kato"),
    ),
    "ar": (
        ("Omar", "Layla", "Ahmed", "Fatima", "Khalid", "Noura", "Yusuf", "Mariam",
         "Hassan", "Sara", "Rajesh", "Anjali"),
        ("Al Mansoori", "Haddad", "Khalil", "Al Hashimi", "Nasser", "Farouk",
         "Saleh", "Aziz", "Menon", "Fernandes"),
    ),
    "ke": (
        ("Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Mwangi", "Akinyi",
         "Kiprono"),
        ("Odhiambo", "Kariuki", "Wambui", "Mutua", "Chebet", "Njoroge", "Omondi",
         "Kimani"),
    ),
    "za": (
        ("Thandiwe", "Pieter", "Lerato", "Johan", "Naledi", "Sipho", "Anika",
         "Themba", "Zanele", "Ruan"),
        ("Nkosi", "van der Merwe", "Dlamini", "Botha", "Mokoena", "Pretorius",
         "Naidoo", "Khumalo", "Venter", "Mahlangu"),
    ),
}  # fmt: skip

# Industry (from the profile form's list) -> how people describe their projects.
DOMAINS: dict[str, tuple[str, ...]] = {
    "IT": ("software delivery", "ERP and CRM rollouts", "cloud migration projects",
           "data platform programs"),
    "Construction": ("construction programs", "infrastructure projects",
                     "commercial building projects", "rail and road projects"),
    "Healthcare": ("hospital IT and clinical systems projects",
                   "healthcare transformation programs"),
    "Government": ("public-sector digital programs", "government IT projects"),
    "Finance": ("banking regulatory programs", "payments and core banking projects",
                "insurance system migrations"),
    "Energy": ("oil and gas projects", "offshore wind projects",
               "grid modernisation programs"),
    "Manufacturing": ("plant expansions and lean transformations",
                      "factory automation projects"),
    "Telecommunications": ("5G network rollouts", "fibre build-out projects"),
    "Consulting": ("client transformation engagements",
                   "consulting engagements across sectors"),
    "Education": ("university IT and campus projects", "edtech product launches"),
    "Nonprofit": ("NGO and development projects", "grant-funded programs"),
    "Retail": ("e-commerce and store rollout projects", "supply chain projects"),
    "Pharma": ("clinical trial and lab system projects", "GxP validation projects"),
    "Aerospace and defence": ("aerospace and defence programs",
                              "aircraft maintenance system projects"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MentorKind:
    """A senior career path: extra credentials on top of PMP and skills on offer."""

    key: str
    roles: tuple[str, ...]
    extra_certs: tuple[tuple[str, ...], ...]
    offers: tuple[str, ...]
    industries: tuple[str, ...]
    weight: int


@dataclass(frozen=True, slots=True)
class MenteeKind:
    """A growth path: what the mentee holds, aims for and wants to learn."""

    key: str
    roles: tuple[str, ...]
    held: tuple[tuple[str, ...], ...]
    targets: tuple[str, ...]
    wants: tuple[str, ...]
    years: tuple[int, int]
    industries: tuple[str, ...]
    weight: int


MENTOR_KINDS: tuple[MentorKind, ...] = (
    MentorKind("program", ("Program director", "Programme manager", "Head of delivery"),
               (("PgMP",), ("PgMP",), ("PgMP", "PMI-RMP")),
               ("program and portfolio management", "stakeholder engagement",
                "strategy alignment", "benefits realisation", "governance",
                "leadership", "negotiation"),
               ("IT", "Construction", "Government", "Finance", "Energy",
                "Aerospace and defence"), 6),
    MentorKind("portfolio", ("Portfolio director", "VP of transformation"),
               (("PgMP", "PfMP"), ("PfMP",)),
               ("program and portfolio management", "strategy alignment",
                "governance", "benefits realisation", "financial analysis",
                "leadership"),
               ("Finance", "IT", "Pharma", "Government", "Energy"), 2),
    MentorKind("agile", ("Agile coach", "Delivery lead", "Head of agile delivery"),
               (("PMI-ACP",), ("PMI-ACP", "DASM"), ("DASM", "DASSM"),
                ("PMI-ACP", "DASSM")),
               ("agile/scrum", "kanban", "hybrid delivery", "coaching",
                "change management", "team building", "communication"),
               ("IT", "Finance", "Telecommunications", "Retail", "Healthcare"), 6),
    MentorKind("risk", ("Risk lead", "Senior project manager"),
               (("PMI-RMP",), ("PMI-RMP", "PMI-SP")),
               ("risk management", "governance", "financial analysis",
                "cost and budget control", "negotiation"),
               ("Energy", "Finance", "Construction", "Aerospace and defence",
                "Pharma"), 3),
    MentorKind("construction",
               ("Construction project director", "Project controls lead"),
               (("PMI-CP",), ("PMI-CP", "PMI-SP"), ("PMI-SP",)),
               ("scheduling", "procurement and contracts", "cost and budget control",
                "predictive planning", "risk management", "negotiation",
                "industry knowledge"),
               ("Construction", "Energy"), 4),
    MentorKind("analysis", ("Business analysis lead", "Senior IT project manager"),
               (("PMI-PBA",), ("PMI-PBA", "PMI-ACP")),
               ("requirements and business analysis", "stakeholder engagement",
                "communication", "hybrid delivery", "quality"),
               ("IT", "Healthcare", "Finance", "Government", "Retail"), 3),
    MentorKind("pmo", ("PMO lead", "Head of PMO"),
               (("PMO-CP",), ("PMO-CP", "PgMP"), ("PMO-CP", "PfMP")),
               ("PMO setup", "governance", "program and portfolio management",
                "quality", "change management", "benefits realisation"),
               ("Government", "Finance", "Pharma", "Manufacturing", "Consulting"), 3),
    MentorKind("generalist", ("Senior project manager", "Project manager",
                              "Engagement manager"),
               ((), (), ("PMI-RMP",)),
               ("predictive planning", "stakeholder engagement", "communication",
                "conflict resolution", "emotional intelligence", "team building",
                "leadership", "quality"),
               tuple(DOMAINS), 6),
)  # fmt: skip

MENTEE_KINDS: tuple[MenteeKind, ...] = (
    MenteeKind("first_pmp", ("Project coordinator", "Junior project manager",
                             "Assistant project manager"),
               ((), ("CAPM",), ("CAPM",)), ("PMP",),
               ("predictive planning", "scheduling", "stakeholder engagement",
                "communication", "risk management"),
               (2, 5), tuple(DOMAINS), 8),
    MenteeKind("agile", ("Project manager", "IT project manager", "Scrum Master"),
               (("PMP",), ("PMP",), ("CAPM",)), ("PMI-ACP", "DASM"),
               ("agile/scrum", "kanban", "hybrid delivery", "change management",
                "coaching", "team building"),
               (3, 10), ("IT", "Finance", "Telecommunications", "Retail",
                         "Healthcare", "Government"), 6),
    MenteeKind("program", ("Senior project manager", "Project manager"),
               (("PMP",), ("PMP", "PMI-ACP"), ("PMP", "PMI-RMP")), ("PgMP",),
               ("program and portfolio management", "strategy alignment",
                "benefits realisation", "governance", "stakeholder engagement",
                "leadership"),
               (6, 14), ("IT", "Construction", "Government", "Finance", "Energy",
                         "Aerospace and defence"), 6),
    MenteeKind("troubled", ("Project manager", "IT project manager"),
               (("PMP",), ("CAPM",), ()), ("PMP", "PMI-RMP"),
               ("stakeholder engagement", "conflict resolution", "negotiation",
                "communication", "risk management", "emotional intelligence"),
               (2, 9), ("IT", "Healthcare", "Government", "Manufacturing",
                        "Retail"), 4),
    MenteeKind("introvert", ("Project manager", "Business analyst",
                             "Project coordinator"),
               (("PMP",), ("CAPM",), ()), ("PMP", "PMI-PBA", "PMI-ACP"),
               ("communication", "stakeholder engagement", "emotional intelligence",
                "leadership", "negotiation"),
               (2, 9), tuple(DOMAINS), 4),
    MenteeKind("specialist", ("Project manager", "Project scheduler",
                              "Site project manager", "Business analyst"),
               (("PMP",),), ("PMI-RMP", "PMI-SP", "PMI-CP", "PMI-PBA"),
               ("risk management", "scheduling", "procurement and contracts",
                "requirements and business analysis", "cost and budget control",
                "quality"),
               (4, 12), ("Construction", "Energy", "IT", "Pharma", "Finance"), 4),
    MenteeKind("pmo", ("PMO analyst", "Senior project manager", "Program manager"),
               (("PMP",), ("PMP", "PgMP")), ("PMO-CP", "PfMP"),
               ("PMO setup", "governance", "program and portfolio management",
                "financial analysis", "strategy alignment"),
               (7, 18), ("Government", "Finance", "Pharma", "Consulting",
                         "Manufacturing"), 2),
)  # fmt: skip
