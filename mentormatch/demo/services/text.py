"""Hand-written sentence templates the demo population composes bios and goals from.

Slots: {years} {domain} {role} {cert} {year} {city} {chapter} {skill} {skill2}
{hours} {target} {season} {month} {team}.
"""

from __future__ import annotations

MENTOR_OPENERS: dict[str, tuple[str, ...]] = {
    "program": (
        "{years} years in {domain}, {cert} since {year}.",
        "Programme manager for the last few years; {years} years in {domain} overall.",
        "I run a portfolio of {domain} with about {team} people across four vendors.",
    ),
    "portfolio": (
        "{years} years in {domain}; these days I sit on the investment board.",
        "{cert} since {year}, previously a program director in {domain}.",
    ),
    "agile": (
        "Former developer turned delivery lead; {years} years in {domain}.",
        "I took two departments from waterfall to Scrum and lived to tell the tale.",
        "Agile coach with {years} years in {domain}, {cert} since {year}.",
    ),
    "risk": (
        "{years} years in {domain}, {cert} since {year}.",
        "I set up risk registers people actually read; {years} years in {domain}.",
    ),
    "construction": (
        "{years} years in construction programs, {cert} since {year}; happy to help "
        "with scheduling and claims.",
        "Started as a site engineer and moved into project controls; {years} years "
        "later I run {domain}.",
        "Delay analysis, extension-of-time claims and contractor negotiations are my "
        "daily bread after {years} years in {domain}.",
    ),
    "analysis": (
        "Bridging business and IT is my thing; {cert} since {year}.",
        "Business analyst turned project manager, {years} years in {domain}.",
    ),
    "pmo": (
        "Built three PMOs from scratch, one of which survived two reorganisations.",
        "Head of PMO, {years} years in {domain}, {cert} since {year}.",
    ),
    "generalist": (
        "{years} years of {domain}, {cert} since {year}.",
        "Based in {city}; {years} years of {domain} across three continents.",
        "I have delivered projects in {domain} for {years} years and learned most "
        "from the two that went badly.",
    ),
}

MENTOR_OFFERS: tuple[str, ...] = (
    "Happy to help with {skill} and {skill2}.",
    "I can help with {skill}, {skill2}, or just be a sounding board when a project "
    "goes sideways.",
    "Ask me about {skill}; I have made most of the mistakes already.",
    "Glad to mentor anyone preparing for the PMP. I remember how tough the study "
    "plan was.",
    "I enjoy helping people with {skill}, especially when the politics get in the "
    "way of the plan.",
    "Particularly keen to support people stepping into their first leadership role.",
    "Most of my mentees come to me for {skill}; we usually end up talking about "
    "{skill2} too.",
)

MENTOR_CLOSERS: tuple[str, ...] = (
    "Volunteer at {chapter} and regular speaker at chapter events.",
    "Outside work: cycling, two kids and a very patient dog.",
    "Direct feedback, no slide decks.",
    "I can usually give about {hours} hours a month.",
    "I keep a list of books and templates I share with every mentee.",
    "",
    "",
)

MENTEE_GOALS: dict[str, tuple[str, ...]] = {
    "first_pmp": (
        "Preparing for the PMP exam in {season} and would love someone to keep me "
        "honest on study hours.",
        "I have my 35 contact hours done and booked the exam for {month}; I struggle "
        "with the situational questions.",
        "Failed the PMP once by a small margin, so I am looking for a mentor to help "
        "me review agile and hybrid topics before my second attempt.",
        "Just passed the CAPM and want to plan my route to the PMP while I build up "
        "my experience hours.",
    ),
    "agile": (
        "Our org is moving to agile and I need to learn to lead scrum teams.",
        "I have been a classic waterfall PM for {years} years; now my team runs "
        "two-week sprints and I am not sure what my role is anymore.",
        "Planning to take the {target} next year and want to hear from someone who "
        "has run a real agile transformation.",
        "Want to understand hybrid delivery: fixed-price contract outside, Scrum "
        "inside.",
    ),
    "program": (
        "Stepping up to program management next year.",
        "Aiming for the PgMP within 18 months and need help writing the experience "
        "summaries.",
        "I manage three related projects and want to learn to run them as a program, "
        "tracking benefits instead of just milestones.",
        "Want to learn to talk to the steering committee about strategy, not status.",
    ),
    "troubled": (
        "Dealing with a difficult stakeholder on a failing ERP rollout and I need an "
        "outside view.",
        "My sponsor changes priorities every week; I need ways to push back without "
        "losing trust.",
        "Inherited a project that is six months late and looking for someone who has "
        "turned one around.",
        "Two team leads on my project are not talking to each other and it is "
        "starting to show in the schedule.",
    ),
    "introvert": (
        "I'm an introvert and want to get better at networking at chapter events.",
        "I prefer to write things down and think before I speak, so I am looking for "
        "an async mentor who can help me present with more confidence.",
        "Steering committee meetings drain me. I want to prepare better and speak up "
        "earlier.",
    ),
    "specialist": (
        "Working towards the {target}; our risk registers are a box-ticking exercise "
        "and I want to change that.",
        "Want to get properly good at scheduling: critical path, resource levelling "
        "and defending a baseline.",
        "Moving from business analysis into project management and aiming for the "
        "{target} first.",
        "Preparing for the {target} in {season} and looking for someone who holds it.",
    ),
    "pmo": (
        "I have been asked to set up a PMO for a 200-person company and I don't know "
        "where to start.",
        "Our PMO is seen as the reporting police. I want to turn it into something "
        "teams ask for.",
        "Aiming for the {target} and want to understand how portfolio decisions are "
        "really made.",
    ),
}

MENTOR_GOALS: tuple[str, ...] = (
    "Even after {years} years I want a mentor of my own: aiming for the {target} "
    "and need a sparring partner on {skill}.",
    "Preparing the {target} application and would value someone who has been "
    "through the panel review.",
    "Looking for a peer mentor to help me think about {skill} at board level.",
)

MENTEE_EXTRAS: tuple[str, ...] = (
    "Available about {hours} hours a month, mostly evenings.",
    "Ideally someone from {domain} who has been through it.",
    "Happy to do homework between sessions.",
    "Moved to {city} last year and want to build a network in {chapter}.",
    "I would also like help with {skill}.",
    "",
    "",
)

MENTEE_BIOS: tuple[str, ...] = (
    "{role} at a mid-size company in {city}, {years} years in {domain}.",
    "{role} in {city}. I work on {domain} and coordinate teams across two sites.",
    "{role}; {years} years in {domain}, the last two leading my own projects.",
    "Career changer who moved into {domain} {years} years ago.",
    "{role} based in {city}, currently on {domain}.",
)

SEASONS: tuple[str, ...] = ("spring", "summer", "autumn", "the new year")
MONTHS: tuple[str, ...] = (
    "January",
    "March",
    "April",
    "June",
    "September",
    "October",
    "November",
)
