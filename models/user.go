package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// User is an account of the platform.
type User struct {
	ID           int64  `json:"id"`
	Username     string `json:"username"`
	PasswordHash string `json:"-"`
	Role         string `json:"role"`
	City         string `json:"city"`
	EmployerID   *int64 `json:"employer_id"`
	Organisation string `json:"organisation"`
	// OrganisationKind is what an organiser is (OrganisationKinds); "" for other roles.
	OrganisationKind string     `json:"organisation_kind"`
	Disabled         bool       `json:"disabled"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
	LastLoginAt      *time.Time `json:"last_login_at"`
}

// Actor is the user as the author of a call from address.
func (u *User) Actor(address string) Actor {
	a := Actor{UserID: u.ID, Username: u.Username, Role: u.Role, City: u.City,
		Organisation: u.Organisation, OrganisationKind: u.OrganisationKind, Address: address}
	if u.EmployerID != nil {
		a.EmployerID = *u.EmployerID
	}
	return a
}

func (u *User) snapshot() map[string]any {
	return map[string]any{"username": u.Username, "role": u.Role, "city": u.City,
		"employer_id": u.EmployerID, "organisation": u.Organisation, "organisation_kind": u.OrganisationKind,
		"disabled": u.Disabled}
}

// BcryptCost is the cost of password hashes; tests lower it for speed.
var BcryptCost = 12

// Session lifetimes and login throttling: settings with the defaults of the
// security requirements.
type SessionPolicy struct {
	Idle         time.Duration // a session unused this long ends
	Lifetime     time.Duration // a session ends this long after login, used or not
	MaxFailures  int           // failed logins for one username within Window ...
	Window       time.Duration
	Lock         time.Duration // ... lock it this long
	AddrFailures int           // failed logins from one address within Window lock the address
}

// DefaultSessionPolicy is 30 minutes idle, 12 hours at most, 5 failures in 15 minutes.
var DefaultSessionPolicy = SessionPolicy{Idle: 30 * time.Minute, Lifetime: 12 * time.Hour,
	MaxFailures: 5, Window: 15 * time.Minute, Lock: 15 * time.Minute, AddrFailures: 30}

// sessionTouchEvery limits writes: last_seen_at moves at most once a minute.
const sessionTouchEvery = time.Minute

// Session is a login, found by the hash of its token.
type Session struct {
	ID         string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// maxPasswordBytes is what bcrypt takes: it refuses to hash a longer password.
const maxPasswordBytes = 72

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9_.\-]{3,32}$`)

// PasswordProblem explains why a password is refused, or "" when it is acceptable.
func PasswordProblem(username, password string) string {
	if len([]rune(password)) < 10 {
		return "密码至少10个字符"
	}
	if len(password) > maxPasswordBytes {
		return fmt.Sprintf("密码最长%d个字节（一个汉字占3个字节）", maxPasswordBytes)
	}
	var letter, digit bool
	for _, r := range password {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	if !letter || !digit {
		return "密码须同时包含字母和数字"
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		return "密码不能包含用户名"
	}
	return ""
}

func hashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), BcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// NewUser is what an admin supplies to create an account.
type NewUser struct {
	Username     string `json:"username" validate:"required" text:"64"`
	Password     string `json:"password" validate:"required"`
	Role         string `json:"role" validate:"required,role"`
	City         string `json:"city" validate:"city_or_province"`
	EmployerID   *int64 `json:"employer_id"`
	Organisation string `json:"organisation" validate:"max=100"`
	// OrganisationKind is what an organiser is; empty: other.
	OrganisationKind string `json:"organisation_kind" validate:"omitempty,organisation_kind"`
}

func (s *Store) checkUserFields(ctx context.Context, fields map[string]string, role string, employerID *int64) {
	if role == RoleEmployer {
		if employerID == nil {
			fields["employer_id"] = "用人单位账号必须指定所属用人单位"
		} else if !s.exists(ctx, "employers", *employerID) {
			fields["employer_id"] = "用人单位不存在"
		}
	}
}

// CreateUser creates an account (admins only).
func (s *Store) CreateUser(ctx context.Context, a Actor, in NewUser) (*User, error) {
	if !a.Is(RoleAdmin) {
		return nil, ErrForbidden
	}
	in.Username = strings.TrimSpace(in.Username)
	fields := CheckStruct(in)
	if _, bad := fields["username"]; !bad && !usernamePattern.MatchString(in.Username) {
		fields["username"] = "用户名为3至32位字母、数字、下划线、点或短横线"
	}
	if _, bad := fields["password"]; !bad {
		if p := PasswordProblem(in.Username, in.Password); p != "" {
			fields["password"] = p
		}
	}
	s.checkUserFields(ctx, fields, in.Role, in.EmployerID)
	kind := organisationKindOf(fields, in.Role, "", &in.OrganisationKind)
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u := &User{Username: in.Username, PasswordHash: hash, Role: in.Role, City: in.City,
		Organisation: strings.TrimSpace(in.Organisation), OrganisationKind: kind}
	if in.Role == RoleEmployer {
		u.EmployerID = in.EmployerID
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("username = ?", u.Username).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return &Error{Code: EConflict, Message: "用户名已被使用", Fields: map[string]string{"username": "用户名已被使用"}}
		}
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "user", u.ID, u.City, created(u.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, "create user")
	}
	return u, nil
}

// EnsureAdmin creates the user "admin" when no such user exists. It reports
// whether it did.
func (s *Store) EnsureAdmin(ctx context.Context, password string) (bool, error) {
	var n int64
	if err := s.read(ctx).Model(&User{}).Where("username = ?", "admin").Count(&n).Error; err != nil {
		return false, fmt.Errorf("find admin: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	if p := PasswordProblem("admin", password); p != "" {
		return false, fmt.Errorf("JOBFAIR_ADMIN_PASSWORD: %s", p)
	}
	hash, err := hashPassword(password)
	if err != nil {
		return false, err
	}
	u := &User{Username: "admin", PasswordHash: hash, Role: RoleAdmin}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), System, ActionCreate, "user", u.ID, "", created(u.snapshot()), "first start")
	})
	return err == nil, dbErr(err, "create admin")
}

// GeneratePassword makes a random password that meets the rules.
func GeneratePassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "Jf" + base64.RawURLEncoding.EncodeToString(b) + "7"
}

// UserFilter selects users.
type UserFilter struct {
	Role, City, Q string
	Page
}

// ListUsers lists accounts (admins only), newest first.
func (s *Store) ListUsers(ctx context.Context, a Actor, f UserFilter) ([]User, int64, error) {
	if !a.Is(RoleAdmin) {
		return nil, 0, ErrForbidden
	}
	q := s.read(ctx).Model(&User{})
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	if f.City != "" {
		q = q.Where("city = ?", f.City)
	}
	q = s.searchWords(q, f.Q, userSearch)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	var users []User
	err := q.Order("id DESC").Offset(f.Offset()).Limit(f.Size).Find(&users).Error
	return users, total, dbErr(err, "list users")
}

// GetUser finds an account: admins any, others only themselves.
func (s *Store) GetUser(ctx context.Context, a Actor, id int64) (*User, error) {
	if !a.Is(RoleAdmin) && a.UserID != id {
		return nil, fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	var u User
	if err := s.read(ctx).First(&u, id).Error; err != nil {
		return nil, dbErr(err, fmt.Sprintf("find user %d", id))
	}
	return &u, nil
}

// UserPatch changes an account; nil fields stay as they are.
type UserPatch struct {
	Role         *string `json:"role" validate:"omitempty,role"`
	City         *string `json:"city" validate:"omitempty,city_or_province"`
	EmployerID   *int64  `json:"employer_id"`
	Organisation *string `json:"organisation" validate:"omitempty,max=100"`
	// OrganisationKind: organisers only; "" keeps an organiser "other".
	OrganisationKind *string `json:"organisation_kind" validate:"omitempty,organisation_kind"`
	Disabled         *bool   `json:"disabled"`
}

// UpdateUser changes role, city, organisation and its kind, employer or the
// disabled flag (admins only). Disabling ends the user's sessions.
func (s *Store) UpdateUser(ctx context.Context, a Actor, id int64, p UserPatch) (*User, error) {
	if !a.Is(RoleAdmin) {
		return nil, ErrForbidden
	}
	fields := CheckStruct(p)
	var u User
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&u, id).Error; err != nil {
			return err
		}
		before := u.snapshot()
		if p.Role != nil {
			u.Role = *p.Role
		}
		if p.City != nil {
			u.City = *p.City
		}
		if p.Organisation != nil {
			u.Organisation = strings.TrimSpace(*p.Organisation)
		}
		if p.EmployerID != nil {
			u.EmployerID = p.EmployerID
		}
		if p.Disabled != nil {
			if *p.Disabled && u.ID == a.UserID {
				fields["disabled"] = "不能停用自己的账号"
			}
			u.Disabled = *p.Disabled
		}
		if u.Role != RoleEmployer {
			u.EmployerID = nil
		} else if _, bad := fields["role"]; !bad {
			s.checkUserFields(ctx, fields, u.Role, u.EmployerID)
		}
		u.OrganisationKind = organisationKindOf(fields, u.Role, u.OrganisationKind, p.OrganisationKind)
		if err := Invalid(fields); err != nil {
			return err
		}
		if err := tx.Save(&u).Error; err != nil {
			return err
		}
		if u.Disabled {
			if err := tx.Where("user_id = ?", u.ID).Delete(&Session{}).Error; err != nil {
				return err
			}
		}
		return audit(tx, s.now(), a, ActionUpdate, "user", u.ID, u.City, diff(before, u.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("update user %d", id))
	}
	return &u, nil
}

// ResetPassword sets a user's password (admins only) and ends all its sessions.
func (s *Store) ResetPassword(ctx context.Context, a Actor, id int64, password string) error {
	if !a.Is(RoleAdmin) {
		return ErrForbidden
	}
	return s.setPassword(ctx, a, id, "password", password, "")
}

// ChangeOwnPassword checks the old password, sets the new one and ends the
// user's other sessions (keepSession is the current one's id).
func (s *Store) ChangeOwnPassword(ctx context.Context, a Actor, oldPassword, newPassword, keepSession string) error {
	var u User
	if err := s.read(ctx).First(&u, a.UserID).Error; err != nil {
		return dbErr(err, "find user")
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(oldPassword)) != nil {
		return Invalid(map[string]string{"old_password": "原密码不正确"})
	}
	return s.setPassword(ctx, a, a.UserID, "new_password", newPassword, keepSession)
}

func (s *Store) setPassword(ctx context.Context, a Actor, id int64, field, password, keepSession string) error {
	var u User
	if err := s.read(ctx).First(&u, id).Error; err != nil {
		return dbErr(err, fmt.Sprintf("find user %d", id))
	}
	if p := PasswordProblem(u.Username, password); p != "" {
		return Invalid(map[string]string{field: p})
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&User{}).Where("id = ?", id).
			Updates(map[string]any{"password_hash": hash, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		if err := tx.Where("user_id = ? AND id <> ?", id, keepSession).Delete(&Session{}).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionPassword, "user", id, u.City, nil, "密码已更改")
	})
	return dbErr(err, "set password")
}

// ErrBadLogin is the one answer for an unknown user, a wrong password and a
// disabled account: none of them tells the caller more than the others.
var ErrBadLogin = &Error{Code: EUnauthenticated, Message: "用户名或密码错误"}

var errLoginLocked = &Error{Code: ERateLimited, Message: "登录失败次数过多，账号已临时锁定，请15分钟后再试"}

// comparePassword checks a password against a bcrypt hash (a variable so
// that tests can see which hashes a login compares against).
var comparePassword = bcrypt.CompareHashAndPassword

// standIn is the hash a login for an unknown username is compared against, so
// that it costs what a known username with a wrong password costs: made once,
// at the configured cost, from a random password nobody knows.
var standIn struct {
	sync.Mutex
	cost int
	hash []byte
}

func standInHash() []byte {
	standIn.Lock()
	defer standIn.Unlock()
	if standIn.hash == nil || standIn.cost != BcryptCost {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		h, err := bcrypt.GenerateFromPassword([]byte(base64.RawURLEncoding.EncodeToString(b)), BcryptCost)
		if err != nil {
			return nil // an invalid cost: hashPassword fails the same way
		}
		standIn.hash, standIn.cost = h, BcryptCost
	}
	return standIn.hash
}

// loginFailure is a failed login, or one in progress, counted against a key
// ("user:<name>" or "addr:<address>").
type loginFailure struct {
	ID  int64
	Key string
	At  time.Time
}

func (loginFailure) TableName() string { return "login_failures" }

type loginLimit struct {
	key string
	max int
}

func loginLimits(userKey, addrKey string, policy SessionPolicy) []loginLimit {
	return []loginLimit{{userKey, policy.MaxFailures}, {addrKey, policy.AddrFailures}}
}

// Login checks credentials and throttling and opens a session. It answers the
// session's token, which only the client keeps.
//
// Each attempt is counted before its password is checked: one transaction
// sees no lock and fewer failures than the limit, for the username and for
// the address, and records the attempt as a failure; a right password then
// takes it back. So however many attempts arrive at once, on one instance or
// many, at most the limit's number of passwords are ever checked.
func (s *Store) Login(ctx context.Context, username, password, address string, policy SessionPolicy) (string, *User, error) {
	username = strings.TrimSpace(username)
	if p := TextProblem(username, MaxUsernameLen); p != "" {
		return "", nil, Invalid(map[string]string{"username": "用户名" + p})
	}
	userKey, addrKey := "user:"+strings.ToLower(username), "addr:"+CleanText(address, MaxTextLen)
	var u User
	err := s.read(ctx).Where("username = ?", username).First(&u).Error
	found := err == nil
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil, fmt.Errorf("find user: %w", err)
	}
	addrSlot, err := s.reserveLogin(ctx, userKey, addrKey, policy)
	if err != nil {
		return "", nil, err
	}
	hash := standInHash()
	if found {
		hash = []byte(u.PasswordHash)
	}
	match := comparePassword(hash, []byte(password)) == nil && found
	if !match || u.Disabled {
		f := failedLogin{username: username, address: address}
		if match {
			// Only the audit trail says why: the caller hears what a wrong
			// password hears, which confirms nothing.
			f.userID, f.city, f.reason = u.ID, u.City, "账号已停用"
		}
		if err := s.loginFailed(ctx, f, userKey, addrKey, policy); err != nil {
			return "", nil, err
		}
		return "", nil, ErrBadLogin
	}
	now := s.now()
	token, sess := newSession(u.ID, now, policy)
	a := u.Actor(address)
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM login_failures WHERE key = ? OR id = ?", userKey, addrSlot).Error; err != nil {
			return err
		}
		if err := tx.Create(sess).Error; err != nil {
			return err
		}
		if err := tx.Model(&User{}).Where("id = ?", u.ID).Update("last_login_at", now).Error; err != nil {
			return err
		}
		return audit(tx, now, a, ActionLogin, "user", u.ID, u.City, nil, "")
	})
	if err != nil {
		return "", nil, dbErr(err, "open session")
	}
	u.LastLoginAt = &now
	return token, &u, nil
}

// holdLoginKeys takes the login_locks rows of the keys for the rest of tx,
// creating them (unlocked) when missing. On PostgreSQL the row locks make
// every attempt on the same username or address wait for the one before it,
// whichever instance runs it; SQLite runs one write transaction at a time.
// Keys are taken in one order, so two attempts never wait for each other.
func holdLoginKeys(tx *gorm.DB, keys ...string) error {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	for _, k := range keys {
		if err := tx.Exec("INSERT INTO login_locks (key, until) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until = login_locks.until",
			k, time.Unix(0, 0).UTC()).Error; err != nil {
			return err
		}
	}
	return nil
}

// reserveLogin counts an attempt as a failure before its password is
// checked, unless a key is locked or already has the limit's number of
// failures (finished or in progress). It answers the address's record, which
// a successful login takes back.
func (s *Store) reserveLogin(ctx context.Context, userKey, addrKey string, policy SessionPolicy) (int64, error) {
	now := s.now()
	var addrSlot int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := holdLoginKeys(tx, userKey, addrKey); err != nil {
			return err
		}
		var locks int64
		if err := tx.Table("login_locks").Where("key IN ? AND until > ?", []string{userKey, addrKey}, now).
			Count(&locks).Error; err != nil {
			return err
		}
		if locks > 0 {
			return errLoginLocked
		}
		for _, l := range loginLimits(userKey, addrKey, policy) {
			var n int64
			if err := tx.Model(&loginFailure{}).Where("key = ? AND at > ?", l.key, now.Add(-policy.Window)).
				Count(&n).Error; err != nil {
				return err
			}
			if int(n) >= l.max {
				return errLoginLocked
			}
		}
		if err := tx.Create(&loginFailure{Key: userKey, At: now}).Error; err != nil {
			return err
		}
		slot := loginFailure{Key: addrKey, At: now}
		if err := tx.Create(&slot).Error; err != nil {
			return err
		}
		addrSlot = slot.ID
		return nil
	})
	return addrSlot, dbErr(err, "count login attempt")
}

// failedLogin is what the audit trail keeps of a failed login.
type failedLogin struct {
	username, address string
	userID            int64
	city, reason      string
}

// loginFailed records a failed login, whose attempt reserveLogin already
// counted, and locks a key that has reached its limit.
func (s *Store) loginFailed(ctx context.Context, f failedLogin, userKey, addrKey string, policy SessionPolicy) error {
	now := s.now()
	a := Actor{Username: f.username, Address: f.address}
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		if err := holdLoginKeys(tx, userKey, addrKey); err != nil {
			return err
		}
		if err := audit(tx, now, a, ActionLoginFailed, "user", f.userID, f.city, nil, f.reason); err != nil {
			return err
		}
		for _, l := range loginLimits(userKey, addrKey, policy) {
			if err := tx.Exec("DELETE FROM login_failures WHERE key = ? AND at <= ?", l.key, now.Add(-policy.Window)).Error; err != nil {
				return err
			}
			var n int64
			if err := tx.Model(&loginFailure{}).Where("key = ?", l.key).Count(&n).Error; err != nil {
				return err
			}
			if int(n) < l.max {
				continue
			}
			until := now.Add(policy.Lock)
			if err := tx.Exec("UPDATE login_locks SET until = ? WHERE key = ?", until, l.key).Error; err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM login_failures WHERE key = ?", l.key).Error; err != nil {
				return err
			}
			if err := audit(tx, now, a, ActionLoginLocked, "user", 0, "", nil, "锁定 "+strings.SplitN(l.key, ":", 2)[0]+" 至 "+until.In(Shanghai).Format(time.DateTime)); err != nil {
				return err
			}
		}
		return nil
	}), "record failed login")
}

func newSession(userID int64, now time.Time, policy SessionPolicy) (string, *Session) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	return token, &Session{ID: tokenID(token), UserID: userID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(policy.Lifetime)}
}

func tokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ErrSessionEnded answers a missing, expired or revoked session.
var ErrSessionEnded = &Error{Code: EUnauthenticated, Message: "未登录或登录已过期，请重新登录"}

// Authenticate finds the user behind a token; it answers the session id too.
func (s *Store) Authenticate(ctx context.Context, token string, policy SessionPolicy) (*User, string, error) {
	if token == "" {
		return nil, "", ErrSessionEnded
	}
	now := s.now()
	id := tokenID(token)
	// One query for the session and its user: it runs on every request,
	// unless the same session was read a moment ago and nothing that may
	// change it was written since (a logout, a disabled account or a new
	// role is such a write; a placement is not).
	gen := s.signInGeneration()
	row, ok := s.sessions.get(id, gen)
	if !ok {
		err := s.read(ctx).Table("sessions").
			Select("users.*, sessions.last_seen_at AS session_last_seen, sessions.expires_at AS session_expires").
			Joins("JOIN users ON users.id = sessions.user_id").Where("sessions.id = ?", id).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, "", ErrSessionEnded
		}
		if err != nil {
			return nil, "", fmt.Errorf("find session: %w", err)
		}
		s.sessions.put(id, row, gen)
	}
	sess := Session{ID: id, UserID: row.ID, LastSeenAt: row.SessionLastSeen, ExpiresAt: row.SessionExpires}
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= policy.Idle {
		_ = s.write(ctx).Where("id = ?", id).Delete(&Session{}).Error
		return nil, "", ErrSessionEnded
	}
	u := row.User
	if u.Disabled {
		return nil, "", ErrSessionEnded
	}
	if now.Sub(sess.LastSeenAt) >= sessionTouchEvery {
		if err := s.write(ctx).Model(&Session{}).Where("id = ?", id).Update("last_seen_at", now).Error; err != nil {
			return nil, "", fmt.Errorf("touch session: %w", err)
		}
	}
	return &u, id, nil
}

// sessionRow is a session with its user, as Authenticate reads it.
type sessionRow struct {
	User
	SessionLastSeen time.Time
	SessionExpires  time.Time
}

// sessionCache remembers sessions read in the last second, while the store's
// sign-in generation stays where it was: a busy client's requests then cost
// no query for their sign-in. Another instance's logout is seen within that
// second.
type sessionCache struct {
	mu   sync.Mutex
	rows map[string]cachedSession
}

type cachedSession struct {
	row sessionRow
	gen uint64
	at  time.Time
}

// sessionCacheAge and sessionCacheSize bound how long and how many.
var sessionCacheAge = time.Second

const sessionCacheSize = 10_000

func (c *sessionCache) get(id string, gen uint64) (sessionRow, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.rows[id]
	if !ok || e.gen != gen || time.Since(e.at) >= sessionCacheAge {
		return sessionRow{}, false
	}
	return e.row, true
}

func (c *sessionCache) put(id string, row sessionRow, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil || len(c.rows) >= sessionCacheSize {
		c.rows = make(map[string]cachedSession)
	}
	c.rows[id] = cachedSession{row: row, gen: gen, at: time.Now()}
}

// Logout ends a session at once.
func (s *Store) Logout(ctx context.Context, a Actor, sessionID string) error {
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", sessionID).Delete(&Session{}).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionLogout, "user", a.UserID, a.City, nil, "")
	}), "logout")
}

// exists reports whether table has a row with id.
func (s *Store) exists(ctx context.Context, table string, id int64) bool {
	var n int64
	s.read(ctx).Table(table).Where("id = ?", id).Count(&n)
	return n > 0
}
