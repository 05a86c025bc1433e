'use strict'
// Times Agora's official JS token builders on the token of TokenDesk's token/bench_test.go:
// an RTC publisher token for uid 2882341273, valid an hour.
//   007: agora-token 2.0.6        RtcTokenBuilder.buildTokenWithUid(..., PUBLISHER, 3600, 3600)
//   006: agora-access-token 2.0.4 RtcTokenBuilder.buildTokenWithUid(..., PUBLISHER, privilegeExpiredTs)
// Usage: node bench.js [iterations] [rounds]   (defaults 20000 and 5; warm-up is 2000 calls)

const AgoraToken = require('agora-token')
const AgoraAccessToken = require('agora-access-token')

const appId = '970CA35de60c44645bbae8a215061b33'
const certificate = '5CFd2fd1755d40ecb72977518be15d3b'
const channel = '7d72365eb983485397e3e3f9d460bdda'
const uid = 2882341273
const lifetime = 3600

const WARMUP = 2000
const ITERATIONS = Math.max(20000, parseInt(process.argv[2] || '20000', 10))
const ROUNDS = Math.max(1, parseInt(process.argv[3] || '5', 10))

let sink = 0 // keeps every result live

function bench (name, build) {
  const first = build()
  for (let i = 0; i < WARMUP; i++) sink += build().length
  const perOp = []
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < ITERATIONS; i++) sink += build().length
    const ns = Number(process.hrtime.bigint() - start)
    perOp.push(ns / ITERATIONS / 1000)
  }
  const sorted = [...perOp].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]
  console.log(`${name}: ${perOp.map(v => v.toFixed(3)).join(' ')} µs/op ` +
    `(${ROUNDS} rounds of ${ITERATIONS}; min ${sorted[0].toFixed(3)}, median ${median.toFixed(3)} µs/op)`)
  console.log(`  sample: ${first.slice(0, 40)}… (${first.length} chars)`)
  return median
}

function version (pkg) { return require(`${pkg}/package.json`).version }

console.log(`node ${process.version} (${process.platform}/${process.arch}); ` +
  `agora-token ${version('agora-token')}, agora-access-token ${version('agora-access-token')}; warm-up ${WARMUP}`)

bench('agora-token 007 RtcTokenBuilder.buildTokenWithUid', () =>
  AgoraToken.RtcTokenBuilder.buildTokenWithUid(appId, certificate, channel, uid,
    AgoraToken.RtcRole.PUBLISHER, lifetime, lifetime))

const privilegeExpiredTs = Math.floor(Date.now() / 1000) + lifetime
bench('agora-access-token 006 RtcTokenBuilder.buildTokenWithUid', () =>
  AgoraAccessToken.RtcTokenBuilder.buildTokenWithUid(appId, certificate, channel, uid,
    AgoraAccessToken.RtcRole.PUBLISHER, privilegeExpiredTs))

if (sink === 0) console.log('unreachable')
