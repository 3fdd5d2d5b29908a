package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "jobfair_session"

// LoginRequest is the body of a login.
type LoginRequest struct {
	Username string `json:"username" text:"64"`
	Password string `json:"password"`
}

// LoginResult answers a login: the token and who it belongs to.
type LoginResult struct {
	Token string       `json:"token"`
	User  *models.User `json:"user"`
}

// Login checks credentials and opens a session: a token in the body and an
// HttpOnly cookie.
func (h *Handler) Login(c *gin.Context) error {
	var in LoginRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	fields := map[string]string{}
	if in.Username == "" {
		fields["username"] = "请输入用户名"
	}
	if in.Password == "" {
		fields["password"] = "请输入密码"
	}
	if err := models.Invalid(fields); err != nil {
		return err
	}
	token, u, err := h.Store.Login(c.Request.Context(), in.Username, in.Password, c.ClientIP(), h.Cfg.Policy)
	if err != nil {
		return err
	}
	h.setCookie(c, token, int(h.Cfg.Policy.Lifetime.Seconds()))
	return ok(c, LoginResult{Token: token, User: u})
}

func (h *Handler) setCookie(c *gin.Context, value string, maxAge int) {
	secure := c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https"
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// Logout ends the current session at once.
func (h *Handler) Logout(c *gin.Context) error {
	if err := h.Store.Logout(c.Request.Context(), actor(c), c.GetString(sessionKey)); err != nil {
		return err
	}
	h.setCookie(c, "", -1)
	return noContent(c)
}

// Me answers the current user.
func (h *Handler) Me(c *gin.Context) error { return ok(c, UserOf(c)) }

// PasswordChange is the body of a change of one's own password.
type PasswordChange struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

// ChangePassword sets the caller's password; its other sessions end.
func (h *Handler) ChangePassword(c *gin.Context) error {
	var in PasswordChange
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.OldPassword == "" || in.NewPassword == "" {
		fields := map[string]string{}
		if in.OldPassword == "" {
			fields["old_password"] = "请输入原密码"
		}
		if in.NewPassword == "" {
			fields["new_password"] = "请输入新密码"
		}
		return models.Invalid(fields)
	}
	if err := h.Store.ChangeOwnPassword(c.Request.Context(), actor(c), in.OldPassword, in.NewPassword, c.GetString(sessionKey)); err != nil {
		return err
	}
	return noContent(c)
}

// CreateUser creates an account.
func (h *Handler) CreateUser(c *gin.Context) error {
	var in models.NewUser
	if err := bind(c, &in); err != nil {
		return err
	}
	u, err := h.Store.CreateUser(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, u)
}

// ListUsers lists accounts.
func (h *Handler) ListUsers(c *gin.Context) error {
	q := newQuery(c)
	f := models.UserFilter{Role: q.oneOf("role", models.Roles), City: q.city(), Q: q.str("q"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListUsers(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// GetUser answers one account.
func (h *Handler) GetUser(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := h.Store.GetUser(c.Request.Context(), actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, u)
}

// UpdateUser changes role, city, organisation, employer or disabled.
func (h *Handler) UpdateUser(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.UserPatch
	if err := bind(c, &in); err != nil {
		return err
	}
	u, err := h.Store.UpdateUser(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return ok(c, u)
}

// PasswordReset is the body of an admin's reset of another user's password.
type PasswordReset struct {
	Password string `json:"password"`
}

// ResetPassword sets another user's password.
func (h *Handler) ResetPassword(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in PasswordReset
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := h.Store.ResetPassword(c.Request.Context(), actor(c), id, in.Password); err != nil {
		return err
	}
	return noContent(c)
}

// ListAudit lists the audit trail.
func (h *Handler) ListAudit(c *gin.Context) error {
	q := newQuery(c)
	f := models.AuditFilter{Action: q.str("action"), RecordType: q.str("record_type"), RecordID: q.id("record_id"),
		UserID: q.id("user_id"), City: q.city(), From: q.date("from"), To: q.date("to"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListAudit(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}
