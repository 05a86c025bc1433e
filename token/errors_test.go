package token

import (
	"errors"
	"testing"
)

func TestAUserOrRoomRefusedByTheAccountRulesSaysWhichInput(t *testing.T) {
	cases := []struct {
		name  string
		spec  Spec
		field Field
	}{
		{"an RTM user", Spec{Kind: KindRTM, AppID: sampleAppID, UserID: "a/b", Expire: 3600}, FieldUserID},
		{"an APaaS room", Spec{Kind: KindAPaaSRoomUser, AppID: sampleAppID, UserID: "u", RoomUUID: "a/b", Expire: 3600}, FieldRoomUUID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.spec.Validate()
			var field *FieldError
			if !errors.As(err, &field) || field.Field != c.field || !errors.Is(err, ErrInvalidAccount) {
				t.Fatalf("Validate() = %v, want a FieldError about %s wrapping ErrInvalidAccount", err, c.field)
			}
		})
	}
}
