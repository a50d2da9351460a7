// Package account holds the credentials of c2c's web application: argon2id
// password hashes, generated passwords, and the random session and API
// tokens, which the store keeps only as SHA-256 hashes. The command line
// (c2c user) and the web server (c2c serve) share it. For the command line
// it also reads a new password (asked at a terminal, read from standard
// input, or generated) and names who a change is recorded as (cli:LOGIN).
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"

	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// The argon2id parameters, the first of the OWASP Password Storage Cheat
// Sheet's recommended settings: 19 MiB of memory, two passes, one lane,
// a 16-byte salt and a 32-byte key.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// MinPassword is the shortest password accepted, in bytes.
const MinPassword = 10

// Hash returns the argon2id hash of password in the PHC string format,
// $argon2id$v=19$m=19456,t=2,p=1$SALT$KEY, with a fresh random salt. It
// returns EINVALID for a password shorter than MinPassword.
func Hash(password string) (string, error) {
	if len(password) < MinPassword {
		return "", &model.Error{Code: model.EINVALID, Key: "password",
			Message: fmt.Sprintf("password too short: expected at least %d characters", MinPassword)}
	}
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails: see crypto/rand.Read
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Check reports whether password matches hash, a string made by Hash (with
// whatever parameters it records). It compares in constant time.
func Check(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil || threads == 0 || time == 0 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewPassword returns a random password of 20 characters from an alphabet
// without look-alikes (no 0/O, 1/l/I): about 100 bits.
func NewPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	return randomString(alphabet, 20)
}

// randomString returns n characters drawn uniformly from alphabet.
func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		var x [1]byte
		for {
			rand.Read(x[:])
			// Reject the top of the byte range so every character is equally likely.
			if int(x[0]) < 256-256%len(alphabet) {
				break
			}
		}
		b[i] = alphabet[int(x[0])%len(alphabet)]
	}
	return string(b)
}

// NewToken returns a random token for a session cookie or the API (32
// bytes, base64url) and the SHA-256 hash under which the store keeps it.
func NewToken() (token string, hash []byte) {
	raw := make([]byte, 32)
	rand.Read(raw)
	token = base64.RawURLEncoding.EncodeToString(raw)
	return token, TokenHash(token)
}

// TokenHash returns the SHA-256 hash of token, as the store keeps it.
func TokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Authenticate returns the account called name if password is its
// password. Whether the name exists or the password is wrong, the error
// is the same EINVALID "wrong name or password", and an unknown name costs
// one hash, so that neither the message nor the time tells names apart.
func Authenticate(ctx context.Context, db *store.DB, name, password string) (model.User, error) {
	u, hash, err := db.Credentials(ctx, name)
	if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
		return model.User{}, fmt.Errorf("sign in: %w", err)
	}
	if err != nil {
		hash = decoy()
	}
	if !Check(hash, password) || err != nil {
		return model.User{}, &model.Error{Code: model.EINVALID, Message: "wrong name or password"}
	}
	return u, nil
}

// decoy returns a valid hash of no one's password, checked for unknown
// names; it is made on first use, not at every start of the program.
var decoy = sync.OnceValue(func() string {
	h, _ := Hash("decoy password that nobody has")
	return h
})

// EnsureAdmin creates the account admin with a new password when the store
// has no account at all, recording it as done by by, and returns the
// password; it returns "" when accounts exist already.
func EnsureAdmin(ctx context.Context, db *store.DB, by string) (string, error) {
	users, err := db.Users(ctx)
	if err != nil {
		return "", err
	}
	if len(users) > 0 {
		return "", nil
	}
	password := NewPassword()
	hash, err := Hash(password)
	if err != nil {
		return "", err
	}
	if err := db.AddUser(ctx, model.User{Name: "admin", Role: model.Admin}, hash, by); err != nil {
		return "", fmt.Errorf("create the first account: %w", err)
	}
	return password, nil
}
