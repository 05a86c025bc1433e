package token

import (
	"fmt"
	"strings"
)

// Role is the role of a user in an RTC token. The values are those of Agora's builders: 007
// knows Publisher and Subscriber, the 006 RtcTokenBuilder also Attendee and Admin.
type Role int

// Roles of the 007 and 006 RTC builders.
const (
	RoleAttendee   Role = 0
	RolePublisher  Role = 1
	RoleSubscriber Role = 2
	RoleAdmin      Role = 101
)

// String returns the lower-case name of the role.
func (r Role) String() string {
	switch r {
	case RoleAttendee:
		return "attendee"
	case RolePublisher:
		return "publisher"
	case RoleSubscriber:
		return "subscriber"
	case RoleAdmin:
		return "admin"
	}
	return fmt.Sprintf("role %d", int(r))
}

// MarshalText writes the role's name.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a role's name, as [ParseRole] does.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	if err == nil {
		*r = v
	}
	return err
}

// ParseRole reads a role name: publisher, subscriber, attendee or admin, in any case.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "publisher":
		return RolePublisher, nil
	case "subscriber":
		return RoleSubscriber, nil
	case "attendee":
		return RoleAttendee, nil
	case "admin":
		return RoleAdmin, nil
	}
	return 0, errorf(ErrInvalidRole, "%s is not a role; use publisher, subscriber, attendee or admin", Excerpt(s))
}

// SimpleRole is a role of the seed-era 006 SimpleTokenBuilder, whose numbering differs from
// [Role].
type SimpleRole int

// The seed-era roles and, in [SimpleTokenBuilder.InitPrivileges], their privilege tables.
const (
	SimpleAttendee   SimpleRole = 1
	SimplePublisher  SimpleRole = 2
	SimpleSubscriber SimpleRole = 3
	SimpleAdmin      SimpleRole = 4
)

var simpleRolePrivileges = map[SimpleRole][]uint16{
	SimpleAttendee:   {1, 2, 3, 4},
	SimplePublisher:  {1, 2, 3, 4, 5, 6, 10, 11, 12},
	SimpleSubscriber: {1, 7, 8, 9},
	SimpleAdmin:      {1, 2, 3, 4, 101},
}
