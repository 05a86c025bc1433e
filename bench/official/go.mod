module tokendesk/bench/official

go 1.26.8

require (
	github.com/AgoraIO-Community/go-tokenbuilder v1.0.0
	github.com/tokendesk/tokendesk v0.0.0-00010101000000-000000000000
)

replace github.com/tokendesk/tokendesk => ../..
