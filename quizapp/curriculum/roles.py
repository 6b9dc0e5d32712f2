"""The roles a learner can choose at the start of a module, each with its own prompt on every key message."""

# Keys are stored on attempts and used in content files, so they never change once published.
ROLES: dict[str, str] = {
    "social-care": "Children's social care",
    "health-visiting": "Health visitor or school nurse",
    "gp": "GP or primary care",
    "school": "School or education",
    "police": "Police",
    "mental-health": "CAMHS or adult mental health",
    "early-help": "Early help",
    "voluntary-sector": "Voluntary or community sector",
}


def role_name(key: str | None) -> str:
    """Return a role's name as a learner reads it, or an empty string for no role."""
    return ROLES.get(key or "", "")


def role_prompt(message: dict, role: str | None) -> str:
    """Return the prompt a key message holds for a role, or an empty string."""
    return (message.get("role_prompts") or {}).get(role or "", "")
