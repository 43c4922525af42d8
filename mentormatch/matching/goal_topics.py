"""The goal topics of the domain, described in our own words (never from judged sets).

Each topic is a kind of goal mentees bring (DOMAIN.md "Goals people bring" plus the
specialist areas of the talent triangle): the certifications and skills that show a
mentor covers it, and short descriptions of what people say when they need it or
offer it. The descriptions are general domain knowledge; the topic model fits its
word statistics on the platform's own profiles and uses these only as seeds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GoalTopic:
    """One kind of goal: readable labels, related codes, and seed descriptions."""

    name: str
    need_label: str
    offer_label: str
    certifications: tuple[str, ...]
    skills: tuple[str, ...]
    seeds: tuple[str, ...]


TOPICS: tuple[GoalTopic, ...] = (
    GoalTopic(
        "exam",
        "passing a certification exam",
        "certification exam preparation",
        ("CAPM", "PMP"),
        (),
        (
            "prepare for the certification exam and pass it first time",
            "study plan, practice exams, mock tests and exam questions",
            "exam prep course, study group and revision schedule",
            "exam application and eligibility",
            "the exam content outline, process groups and knowledge areas",
            "tutor and quiz candidates before their exam date",
            "passed the exam and help others prepare and get certified",
            "taught certification prep classes and exam workshops",
            "failed the exam and need to retake it, nervous about the test",
            "the PMBOK guide, flashcards and an exam simulator",
            "situational questions and test-taking strategy",
            "exam anxiety, pass rates and renewing the credential with PDUs",
            "earned the certification and keep it current",
        ),
    ),
    GoalTopic(
        "agile",
        "moving to agile delivery",
        "agile delivery",
        ("PMI-ACP", "DASM", "DASSM"),
        ("agile/scrum", "kanban", "hybrid delivery"),
        (
            "move from predictive waterfall to agile delivery",
            "scrum, sprints, sprint planning, backlog refinement and retrospectives",
            "scrum master, product owner and agile coach roles",
            "kanban boards, cycle time and continuous delivery",
            "agile transformation and scaling agile across many teams",
            "hybrid delivery mixing phase gates with iterations",
            "iterative and incremental releases, user stories and velocity",
            "coached teams adopting agile ways of working and devops",
            "scaled agile framework, release trains and scrum of scrums",
            "daily standups, story points and burndown charts",
            "agile mindset, servant leadership and self-organising teams",
            "disciplined agile and lean ways of working",
        ),
    ),
    GoalTopic(
        "program",
        "stepping up to program management",
        "program management",
        ("PgMP",),
        ("program and portfolio management", "benefits realisation"),
        (
            "step up from project manager to program manager",
            "manage a program of several related projects and their dependencies",
            "coordinate many projects, teams and releases as one",
            "programme governance, roadmaps and integrated plans",
            "benefits realisation and value across projects",
            "programme director of a large multi-year transformation",
            "led large programmes with many teams and suppliers",
            "program roadmap, tranches and a benefits register",
            "managing project managers across a large programme",
            "large-scale change delivered through many projects",
            "program sponsor and program office",
        ),
    ),
    GoalTopic(
        "portfolio",
        "portfolio management",
        "portfolio management",
        ("PfMP",),
        ("program and portfolio management", "strategy alignment"),
        (
            "portfolio management and choosing which projects go ahead",
            "prioritise and select projects against strategy",
            "investment decisions and business cases",
            "balance the portfolio, capacity and strategic objectives",
            "portfolio board, investment committee and prioritisation criteria",
            "strategic alignment and value of the portfolio",
            "stop low value projects and rebalance the pipeline",
            "portfolio prioritisation, capacity planning and demand management",
            "return on investment, net present value and project selection",
            "portfolio review board and value maximisation",
            "portfolio governance and balancing risk and return",
        ),
    ),
    GoalTopic(
        "pmo",
        "leading a PMO",
        "running PMOs",
        ("PMO-CP",),
        ("PMO setup", "governance"),
        (
            "set up and lead a project management office",
            "build a PMO from scratch with standards, templates and methods",
            "enterprise PMO, governance framework and stage gates",
            "standard methods, templates and status reviews",
            "head of PMO supporting project managers and executives",
            "transform a PMO from compliance police into a service",
            "project governance, assurance and health checks",
            "PMO maturity, methodology and project controls",
            "PMO charter and centre of excellence for project management",
            "resource management and reporting cadence across projects",
            "PMO director showing the value of the PMO",
        ),
    ),
    GoalTopic(
        "risk",
        "managing risk",
        "risk management",
        ("PMI-RMP",),
        ("risk management",),
        (
            "risk management, risk register and risk owners",
            "identify threats and opportunities before they become issues",
            "quantitative risk analysis, monte carlo simulation and contingency",
            "risk workshops, risk appetite and mitigation plans",
            "risk identification, analysis and response planning",
            "risk manager on high risk, complex projects",
            "reserves, contingency budgets and probability of delays",
            "risk assessment with probability and impact matrix",
            "qualitative and quantitative analysis of risks and assumptions",
            "what could go wrong, risk owners and an issue log",
            "risk-based planning under uncertainty",
        ),
    ),
    GoalTopic(
        "scheduling",
        "scheduling and schedule control",
        "scheduling",
        ("PMI-SP",),
        ("scheduling", "predictive planning"),
        (
            "project scheduling, critical path and schedule network",
            "build a realistic baseline schedule with milestones",
            "schedule slipping, late deliveries and recovery plans",
            "resource levelling and task dependencies",
            "planning tools like primavera and ms project",
            "planner and scheduler for large capital projects",
            "earned value, schedule performance and forecasting completion",
            "milestone tracking and look-ahead plans",
            "gantt charts and a work breakdown structure",
            "schedule compression by crashing and fast tracking",
            "critical chain, buffers and look-ahead schedules",
            "missed deadlines and slippage on a programme of works",
        ),
    ),
    GoalTopic(
        "analysis",
        "requirements and business analysis",
        "business analysis",
        ("PMI-PBA",),
        ("requirements and business analysis",),
        (
            "requirements gathering, elicitation and documentation",
            "business analysis, business analyst role and process modelling",
            "scope creep and unclear scope",
            "user stories, use cases and traceability",
            "elicitation interviews with business users",
            "process mapping and gap analysis",
            "business analyst who moved into project management",
            "business and functional requirements, BABOK techniques",
            "business process improvement and process models",
            "understanding stakeholder needs before the solution",
            "analyst working with the product owner",
        ),
    ),
    GoalTopic(
        "construction",
        "construction projects",
        "construction projects",
        ("PMI-CP",),
        ("procurement and contracts",),
        (
            "construction projects, building and civil engineering",
            "contracts, tenders and contractors",
            "procurement, bids and contract administration",
            "infrastructure, site management and contractors",
            "engineering, procurement and construction projects",
            "construction project manager on buildings, roads and bridges",
            "change orders, variations and disputes with contractors",
            "construction management, general contractor and site works",
            "design and build contracts",
            "health and safety on site, permits and commissioning",
            "bill of quantities and construction cost control",
        ),
    ),
    GoalTopic(
        "leadership",
        "leading people and stakeholders",
        "leading people and stakeholders",
        (),
        (
            "leadership",
            "stakeholder engagement",
            "negotiation",
            "conflict resolution",
            "emotional intelligence",
            "team building",
        ),
        (
            "difficult stakeholders, sponsors and executives",
            "conflict in the team and difficult conversations",
            "negotiation with clients and suppliers",
            "lead and motivate a team and build trust",
            "manage up and influence without authority",
            "people leadership and emotional intelligence",
            "handle pushback and office politics",
            "feedback on a hard project that is going badly",
            "stakeholder mapping, managing expectations and influence",
            "team dynamics, motivation, delegation and accountability",
            "leading remote teams and preventing burnout",
            "communicating with executives and difficult people",
        ),
    ),
    GoalTopic(
        "career",
        "a promotion or job search",
        "career moves",
        (),
        (),
        (
            "prepare for a promotion to senior project manager",
            "job search, interviews, cv and linkedin profile",
            "career growth and the next role, career path",
            "hiring manager who recruits and interviews project managers",
            "salary negotiation and job offers",
            "career coaching for project managers",
            "looking for a new job as a project manager",
            "career development, career advice and the next step",
            "job interview preparation and resume review",
            "personal brand and the job market for project managers",
            "moving up the career ladder",
        ),
    ),
    GoalTopic(
        "industry",
        "changing industry",
        "changing industry",
        (),
        ("industry knowledge",),
        (
            "change industry and move into a new sector",
            "career change from one industry to another",
            "move into a new industry such as healthcare, IT, energy or government",
            "career changer bringing experience from another field",
            "transferable skills when switching sectors",
            "worked across several industries",
            "switch sector and bring domain knowledge from my old field",
            "pivot from IT into construction or from engineering into software",
            "learn a new domain quickly after changing sector",
        ),
    ),
    GoalTopic(
        "networking",
        "networking with confidence",
        "networking",
        (),
        ("communication",),
        (
            "build a professional network and meet people",
            "networking at chapter events with confidence",
            "introvert who finds networking hard",
            "grow confidence and visibility",
            "connect people and make introductions",
            "small steps to meet others at meetups",
            "build professional relationships one conversation at a time",
            "networking events, meetups and making new contacts",
            "introverts building relationships at their own pace",
        ),
    ),
    GoalTopic(
        "speaking",
        "presenting at a conference",
        "conference speaking",
        (),
        ("communication",),
        (
            "present at a conference or workshop",
            "public speaking, presentations and stage fright",
            "write an abstract and answer a call for papers",
            "speaker at conferences, keynotes and webinars",
            "coach speakers and rehearse talks",
            "presentation skills and storytelling",
            "give a talk and submit a proposal to speak at an event",
            "presenting to executives and large audiences",
        ),
    ),
    GoalTopic(
        "volunteer",
        "chapter volunteer leadership",
        "chapter volunteering",
        (),
        (),
        (
            "volunteer leadership role in a PMI chapter",
            "join the chapter board or a committee",
            "chapter president, vice president and board member",
            "run chapter events and lead volunteers",
            "volunteered for the chapter for many years",
            "volunteer opportunities and giving back through the chapter",
            "chapter board of directors and volunteer committees",
            "organise chapter meetings and professional development days",
        ),
    ),
)
"""Goal topics; order is the column order of the topic block."""

RELATED: dict[frozenset[str], float] = {
    frozenset({"program", "portfolio"}): 0.4,
    frozenset({"portfolio", "pmo"}): 0.3,
    frozenset({"program", "pmo"}): 0.2,
    frozenset({"career", "industry"}): 0.5,
    frozenset({"networking", "speaking"}): 0.5,
    frozenset({"networking", "volunteer"}): 0.5,
    frozenset({"speaking", "volunteer"}): 0.3,
    frozenset({"risk", "scheduling"}): 0.2,
    frozenset({"agile", "analysis"}): 0.2,
}
"""Topics close enough that a mentor covering one partly covers the other."""

GENERIC_WORDS: frozenset[str] = frozenset(
    """ahead badly based bringing busy checks choosing content course date
    decisions delivery design different documentation engineers failed field
    finds general going group groups handle hard head high issues join large
    late little look low moved multi new offers path people person professional
    related reviews select service set small step steps stop supporting test
    tools use user users value worked write""".split()
)
"""Words of the seed sentences too general to be evidence of one topic."""

NONE_SEEDS: tuple[str, ...] = (
    "available in the evenings and on weekends",
    "prefer short video calls",
    "happy to meet in person or by message",
    "english is not my first language",
    "busy parent with little free time",
    "based in a different time zone",
    "I reply to messages within a day",
    "hello, nice to meet you",
    "weekday mornings or lunch breaks suit me best",
    "I travel a lot for work and prefer written messages",
    "calls after work in my evening",
    "flexible, remote or in person",
)
"""Sentences about logistics, not goals: the model's "no topic" class."""

NEED_MARKERS: tuple[str, ...] = (
    "i want",
    "i need",
    "i would like",
    "i'd like",
    "how do i",
    "how can i",
    "how to",
    "struggling",
    "stuck",
    "trying to",
    "hoping to",
    "looking for",
    "advice on",
    "help me",
    "not sure",
    "?",
)
"""Phrases that mark a sentence as asking for help rather than offering it."""
