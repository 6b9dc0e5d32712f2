"""Access to the site-wide and sign-in routes."""

from tests.access.rules import public, signed_in

ACCESS = {
    "site.index": signed_in(),  # signed out, it sends the visitor to sign in
    "site.no_role": signed_in(),
    "site.healthz": public(),
    "site.accessibility": public(),
    "site.privacy": public(),
    "auth.sign_in": public(),
    "auth.signed_out": public(),
    "auth.sign_out": signed_in(method="POST"),
    "auth.keep_alive": signed_in(method="POST"),
    # Public in code (reached between password and code); without a sign-in in progress they send to sign in.
    "auth.two_factor": signed_in(),
    "auth.set_up_two_factor": signed_in(),
    "auth.two_factor_settings": signed_in(),
}

ACCESS.update(
    {
        "auth.set_password": public(args={"token": "no-such-token"}),
        "auth.password_set": public(),
        "auth.forgot_password": public(),
        "auth.reset_link_sent": public(),
    }
)
