// Package sso signs users in through the unit's identity system with
// OpenID Connect (authorization code flow with PKCE, state and nonce),
// using coreos/go-oidc and golang.org/x/oauth2. It maps the verified ID
// token to a duban username through one claim; whether that account may
// sign in is the store's decision.
package sso

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Config is one deployment's identity provider.
type Config struct {
	Issuer       string // DUBAN_OIDC_ISSUER, e.g. https://sso.example.gov.cn/realms/unit
	ClientID     string // DUBAN_OIDC_CLIENT_ID
	ClientSecret string // DUBAN_OIDC_CLIENT_SECRET
	RedirectURL  string // DUBAN_OIDC_REDIRECT_URL: https://duban.example.gov.cn/auth/oidc/callback
	Claim        string // DUBAN_OIDC_CLAIM: the claim holding the duban username; preferred_username by default
	Label        string // DUBAN_OIDC_LABEL: the login button's text
	Scopes       []string
}

// Enabled reports whether single sign-on is configured.
func (c Config) Enabled() bool { return c.Issuer != "" }

// Validate names the missing setting.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	for name, v := range map[string]string{"DUBAN_OIDC_CLIENT_ID": c.ClientID, "DUBAN_OIDC_REDIRECT_URL": c.RedirectURL} {
		if v == "" {
			return fmt.Errorf("config: %s must be set when DUBAN_OIDC_ISSUER is", name)
		}
	}
	if !strings.HasSuffix(c.RedirectURL, CallbackPath) {
		return fmt.Errorf("config: DUBAN_OIDC_REDIRECT_URL %q must end in %s", c.RedirectURL, CallbackPath)
	}
	return nil
}

// CallbackPath is where the provider sends the browser back.
const CallbackPath = "/auth/oidc/callback"

// Provider is a discovered identity provider.
type Provider struct {
	cfg      Config
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// New discovers the provider at cfg.Issuer (its /.well-known/openid-configuration).
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if cfg.Claim == "" {
		cfg.Claim = "preferred_username"
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sso: discover %s: %w", cfg.Issuer, err)
	}
	scopes := append([]string{oidc.ScopeOpenID, "profile"}, cfg.Scopes...)
	return &Provider{
		cfg: cfg,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: scopes},
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
	}, nil
}

// Label returns the login button's text.
func (p *Provider) Label() string { return p.cfg.Label }

// Flow is what the browser keeps between leaving for the provider and
// coming back: compared with what comes back, it ties the answer to this
// browser (state), the ID token to this request (nonce) and the code to
// this client (PKCE verifier).
type Flow struct {
	State, Nonce, Verifier string
}

// Begin starts a sign-in and returns the provider's URL to send the browser to.
func (p *Provider) Begin() (string, Flow) {
	f := Flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
	u := p.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	return u, f
}

// ErrDenied is returned when the answer does not belong to the flow or
// carries no usable identity; the message is for logs, not users.
var ErrDenied = errors.New("sso: sign-in refused")

// Finish exchanges the code the provider sent back for an ID token,
// verifies its signature, issuer, audience, expiry and nonce, and returns
// the username in the configured claim.
func (p *Provider) Finish(ctx context.Context, f Flow, state, code string) (string, error) {
	if f.State == "" || state != f.State {
		return "", fmt.Errorf("%w: state does not match this browser's sign-in", ErrDenied)
	}
	if code == "" {
		return "", fmt.Errorf("%w: no code in the answer", ErrDenied)
	}
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return "", fmt.Errorf("%w: exchange code: %v", ErrDenied, err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return "", fmt.Errorf("%w: no id_token in the token response", ErrDenied)
	}
	id, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrDenied, err)
	}
	if id.Nonce != f.Nonce {
		return "", fmt.Errorf("%w: nonce does not match", ErrDenied)
	}
	var claims map[string]any
	if err := id.Claims(&claims); err != nil {
		return "", fmt.Errorf("%w: claims: %v", ErrDenied, err)
	}
	name, _ := claims[p.cfg.Claim].(string)
	if name = strings.TrimSpace(name); name == "" {
		return "", fmt.Errorf("%w: the ID token has no %q claim", ErrDenied, p.cfg.Claim)
	}
	return name, nil
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
