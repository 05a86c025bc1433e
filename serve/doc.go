// Package serve is a local token server that speaks the API of Agora's community token
// server (AgoraIO-Community/agora-token-service), so that the demo apps of Agora's UI kits can
// point their tokenUrl at a laptop instead of a deployed server.
//
// [New] makes a [Server] from a [Config]: the project's App ID and certificate, where to listen,
// whether devices on the network may ask (then every route lives under a random key prefix),
// which browser origins may ask, the longest expiry to grant, and a [Rehearsal]. [Server.Start]
// listens, [Server.URL] is the tokenUrl to paste into a demo, and [Server.Shutdown] stops it.
//
// Every request is recorded as a [Request] in a bounded log ([Server.Requests], the last
// [LogSize]); [Server.Subscribe] tells a window or a terminal about each one as it happens, and
// [Server.Stats] counts them. [Server.Timeline] tells, for each client, whether it renewed its
// token before it expired, late, or never.
//
// A [Rehearsal] shapes the answers on purpose, so that a tester can watch an app handle
// trouble: short-lived tokens, failures, delays and tokens that are wrong in one way. It can
// be changed while the server runs ([Server.SetRehearsal]), and every answer it shaped is
// marked in the log.
//
// The certificate never leaves the server: it is in no response, no [Request] and no error.
package serve
