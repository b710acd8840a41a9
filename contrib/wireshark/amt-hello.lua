-- Wireshark dissector for the Intel AMT Setup Mode "hello" (TCP 9971).
--
-- A device in Setup Mode connects to the provisioning server, writes one
-- hello and closes (openscs: docs/formats/hello.md; reference §3). Two forms,
-- all integers little-endian:
--   PSK, interface version 2, 32 bytes:
--     u16 admin_set | u16 version=2 | u32 retry | 16 B UUID | 8 B PID (ASCII)
--   PKI, interface version 3, 25 + sum(2 + len) bytes:
--     u16 admin_set | u16 version=3 | u32 retry | 16 B UUID | u8 count |
--     count x { u8 type (1 SHA-1, 2 SHA-256, 3 SHA-384) | u8 len | len B hash }
--
-- The checks are those of openscs's codec (src/protocol/hello/hello.cc):
-- a malformed hello gets expert info "<field> at offset <n>: <reason>".
--
-- Reassembly: a hello has no length field, and the server reads until the
-- device closes. While the bytes so far are a valid prefix, this dissector
-- asks TCP for everything up to the FIN; once the length is complete it
-- dissects at once (bytes after it on the same connection are "trailing").
--
-- Install: copy to the personal Lua plugins folder (Help > About Wireshark >
-- Folders, e.g. ~/.local/lib/wireshark/plugins/), or run
--   tshark -X lua_script:amt-hello.lua ...
-- See README.md next to this file.

local amthello = Proto("amthello", "Intel AMT Setup Mode Hello")

local HASH_TYPES = { [1] = "SHA-1", [2] = "SHA-256", [3] = "SHA-384" }
local HASH_SIZES = { [1] = 20, [2] = 32, [3] = 48 }
local HASH_NAMES = { [1] = "sha1", [2] = "sha256", [3] = "sha384" }
local VERSIONS = { [2] = "PSK", [3] = "PKI" }

local PSK_SIZE = 32
local PKI_FIXED_SIZE = 25
local HEADER_SIZE = 24
local MAX_DOCUMENTED_RETRY = 14
local MAX_LEGACY_HASHES = 23
local DESEGMENT_UNTIL_FIN = 0x0ffffffe  -- epan/packet_info.h; not exported to Lua

local f = amthello.fields
f.admin_set = ProtoField.uint16("amthello.admin_set", "Admin credentials set", base.DEC,
  { [0] = "no (factory default)", [1] = "yes" })
f.version = ProtoField.uint16("amthello.version", "Interface version", base.DEC, VERSIONS)
f.retry = ProtoField.uint32("amthello.retry", "Retry count", base.DEC)
f.uuid = ProtoField.string("amthello.uuid", "Device UUID")
f.pid = ProtoField.string("amthello.pid", "PID")
f.hash_count = ProtoField.uint8("amthello.hash_count", "Hash count", base.DEC)
f.hash_entry = ProtoField.none("amthello.hash_entry", "Hash entry")
f.hash_type = ProtoField.uint8("amthello.hash_type", "Hash type", base.DEC, HASH_TYPES)
f.hash_len = ProtoField.uint8("amthello.hash_len", "Hash length", base.DEC)
f.hash = ProtoField.string("amthello.hash", "Hash")

local ef_malformed = ProtoExpert.new("amthello.malformed", "Malformed AMT hello",
  expert.group.MALFORMED, expert.severity.ERROR)
local ef_warning = ProtoExpert.new("amthello.warning", "AMT hello oddity",
  expert.group.PROTOCOL, expert.severity.WARN)
amthello.experts = { ef_malformed, ef_warning }

amthello.prefs.port = Pref.uint("TCP port", 9971,
  "Where devices send hellos (9971 is the firmware's default; the MEBx can change it)")

local f_tcp_stream = Field.new("tcp.stream")
local f_tcp_fin = Field.new("tcp.flags.fin")

-- Per TCP stream: the frame and length of the hello it carried, so that
-- later bytes on the same connection are reported as trailing.
local done = {}

function amthello.init()
  done = {}
end

local PID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

local function pid_check_character(first7)
  local sum = 0
  for i = 1, #first7 do sum = sum + first7:byte(i) end
  local v = sum % 36
  return v <= 9 and string.char(48 + v) or string.char(65 + v - 10)
end

-- SMBIOS byte order: the first three fields little-endian (base::Guid::ToString).
local function guid_text(tvb, offset)
  local b = {}
  for i = 0, 15 do b[i] = string.format("%02x", tvb(offset + i, 1):uint()) end
  return b[3] .. b[2] .. b[1] .. b[0] .. "-" .. b[5] .. b[4] .. "-" .. b[7] .. b[6] .. "-" ..
         b[8] .. b[9] .. "-" .. b[10] .. b[11] .. b[12] .. b[13] .. b[14] .. b[15]
end

local function printable(byte)
  if byte >= 0x20 and byte < 0x7f then return string.format("'%s' (0x%02x)", string.char(byte), byte) end
  return string.format("0x%02x", byte)
end

-- Walks the message like the codec's Parse(): returns "complete", "more"
-- or "bad", plus (complete) the length or (bad) field, offset, reason.
-- Adds the fields it has read to `tree` as it goes.
local function parse(tvb, tree, add)
  local n = tvb:len()
  local function need(field, offset, needed)
    return "more", { field = field, offset = offset, needed = needed }
  end
  local function bad(field, offset, reason)
    return "bad", { field = field, offset = offset, reason = reason }
  end
  local info = { warnings = {} }

  if n < 2 then return need("admin_credentials_set", 0, 2) end
  local admin = tvb(0, 2):le_uint()
  if add then tree:add_le(f.admin_set, tvb(0, 2)) end
  if admin > 1 then return bad("admin_credentials_set", 0, string.format("flag is %d, expected 0 or 1", admin)) end

  if n < 4 then return need("interface_version", 2, 4) end
  local version = tvb(2, 2):le_uint()
  if add then tree:add_le(f.version, tvb(2, 2)) end
  if version ~= 2 and version ~= 3 then
    return bad("interface_version", 2, string.format("unknown interface version %d (expected 2 PSK or 3 PKI)", version))
  end
  info.version = version

  if n < 8 then return need("retry_count", 4, 8) end
  info.retry = tvb(4, 4):le_uint()
  if add then tree:add_le(f.retry, tvb(4, 4)) end
  if info.retry > MAX_DOCUMENTED_RETRY then
    table.insert(info.warnings, { tvb(4, 4), string.format("retry count %d is above the documented 0-%d range",
      info.retry, MAX_DOCUMENTED_RETRY) })
  end

  if n < HEADER_SIZE then return need("uuid", 8, HEADER_SIZE) end
  info.uuid = guid_text(tvb, 8)
  if add then tree:add(f.uuid, tvb(8, 16), info.uuid) end

  if version == 2 then
    if n < PSK_SIZE then return need("pid", 24, PSK_SIZE) end
    local pid = tvb(24, 8):string()
    for i = 1, 8 do
      local c = tvb(24 + i - 1, 1):uint()
      if not PID_CHARS:find(string.char(c), 1, true) then
        return bad("pid", 24 + i - 1, string.format("PID character %d is %s, expected A-Z or 0-9", i, printable(c)))
      end
    end
    info.pid = pid:sub(1, 4) .. "-" .. pid:sub(5)
    if add then tree:add(f.pid, tvb(24, 8), info.pid) end
    local expected = pid_check_character(pid:sub(1, 7))
    if pid:sub(8, 8) ~= expected then
      table.insert(info.warnings, { tvb(24, 8), string.format(
        "PID %s fails its check character (expected '%s'): it was mistyped when entered, so no key file can match it",
        info.pid, expected) })
    end
    info.length = PSK_SIZE
    return "complete", info
  end

  if n < PKI_FIXED_SIZE then return need("hash_count", 24, PKI_FIXED_SIZE) end
  local count = tvb(24, 1):uint()
  info.count = count
  if add then tree:add(f.hash_count, tvb(24, 1)) end
  local offset = PKI_FIXED_SIZE
  info.hashes = {}
  for i = 0, count - 1 do
    local name = string.format("hashes[%d]", i)
    if n < offset + 1 then return need(name .. ".type", offset, offset + 2) end
    local htype = tvb(offset, 1):uint()
    local entry
    if add then
      entry = tree:add(f.hash_entry, tvb(offset, math.min(n - offset, 2 + (HASH_SIZES[htype] or 0))))
      entry:set_text(string.format("Hash entry %d", i))
      entry:add(f.hash_type, tvb(offset, 1))
    end
    if not HASH_SIZES[htype] then
      return bad(name .. ".type", offset,
        string.format("unknown hash type %d (expected 1 SHA-1, 2 SHA-256 or 3 SHA-384)", htype))
    end
    if n < offset + 2 then return need(name .. ".length", offset + 1, offset + 2) end
    local hlen = tvb(offset + 1, 1):uint()
    if add then entry:add(f.hash_len, tvb(offset + 1, 1)) end
    if hlen ~= HASH_SIZES[htype] then
      return bad(name .. ".length", offset + 1, string.format("length %d does not match %s (expected %d)",
        hlen, HASH_NAMES[htype], HASH_SIZES[htype]))
    end
    if n < offset + 2 + hlen then return need(name .. ".digest", offset + 2, offset + 2 + hlen) end
    local hex = tvb(offset + 2, hlen):bytes():tohex(true)
    if add then
      entry:add(f.hash, tvb(offset + 2, hlen), hex)
      entry:append_text(string.format(": %s %s", HASH_NAMES[htype], hex))
    end
    table.insert(info.hashes, hex)
    offset = offset + 2 + hlen
  end
  if count == 0 then
    table.insert(info.warnings, { tvb(24, 1), "PKI hello lists no certificate hashes: no provisioning certificate can match" })
  elseif count > MAX_LEGACY_HASHES then
    table.insert(info.warnings, { tvb(24, 1), string.format("%d hashes is more than firmware before AMT 7.0 holds (%d)",
      count, MAX_LEGACY_HASHES) })
  end
  info.length = offset
  return "complete", info
end

local function malformed(tree, tvb, offset, field, reason)
  local range = offset < tvb:len() and tvb(offset) or tvb()
  tree:add_proto_expert_info(ef_malformed, string.format("%s at offset %d: %s", field, offset, reason))
  return range
end

function amthello.dissector(tvb, pinfo, root)
  local n = tvb:len()
  if n == 0 then return 0 end
  local stream = f_tcp_stream()
  local key = stream and stream.value or -1
  pinfo.cols.protocol = "AMT Hello"

  -- One hello per connection: anything after it is trailing garbage.
  local seen = done[key]
  if seen and pinfo.number > seen.frame then
    local tree = root:add(amthello, tvb(), "Intel AMT Setup Mode Hello (trailing bytes)")
    tree:add_proto_expert_info(ef_malformed, string.format(
      "length at offset %d: %d trailing bytes after the hello of frame %d (a device sends one hello per connection)",
      seen.length, n, seen.frame))
    pinfo.cols.info = string.format("Malformed hello: %d trailing bytes", n)
    return n
  end

  local state, info = parse(tvb, nil, false)
  if state == "more" then
    -- Wait for the rest: the device closes when it has written it all. If
    -- this call already comes at the FIN (reassembly done), TCP will not
    -- call again: report the hello as too short.
    local fin = f_tcp_fin()
    if (fin and fin.value) or not pinfo.can_desegment or pinfo.can_desegment == 0 then
      local tree = root:add(amthello, tvb(), "Intel AMT Setup Mode Hello (truncated)")
      parse(tvb, tree, true)
      tree:add_proto_expert_info(ef_malformed, string.format(
        "%s at offset %d: message too short: %d bytes end before this field (needs at least %d)",
        info.field, info.offset, n, info.needed))
      pinfo.cols.info = string.format("Malformed hello: too short (%d bytes, %s missing)", n, info.field)
      return n
    end
    pinfo.desegment_offset = 0
    pinfo.desegment_len = DESEGMENT_UNTIL_FIN
    return n
  end

  local tree = root:add(amthello, tvb(0, state == "complete" and math.min(info.length, n) or n))
  parse(tvb, tree, true)
  if state == "bad" then
    malformed(tree, tvb, info.offset, info.field, info.reason)
    pinfo.cols.info = string.format("Malformed hello: %s at offset %d: %s", info.field, info.offset, info.reason)
    done[key] = done[key] or { frame = pinfo.number, length = n }
    return n
  end

  for _, w in ipairs(info.warnings) do tree:add_tvb_expert_info(ef_warning, w[1], w[2]) end
  if info.version == 2 then
    tree:append_text(string.format(", PSK, UUID %s, PID %s, retry %d", info.uuid, info.pid, info.retry))
    pinfo.cols.info = string.format("PSK hello UUID %s PID %s retry %d", info.uuid, info.pid, info.retry)
  else
    tree:append_text(string.format(", PKI, UUID %s, %d hashes, retry %d", info.uuid, info.count, info.retry))
    pinfo.cols.info = string.format("PKI hello UUID %s hashes %d retry %d", info.uuid, info.count, info.retry)
  end
  done[key] = done[key] or { frame = pinfo.number, length = info.length }
  if n > info.length then
    local extra = n - info.length
    local reason
    if info.version == 2 then
      reason = string.format("length at offset %d: PSK hello must be exactly %d bytes, got %d (%d trailing bytes)",
        info.length, PSK_SIZE, n, extra)
    else
      reason = string.format("hash_count at offset 24: hash count %d accounts for %d bytes but the message has %d "
        .. "(%d trailing bytes from offset %d)", info.count, info.length, n, extra, info.length)
    end
    tree:add_tvb_expert_info(ef_malformed, tvb(info.length), reason)
    pinfo.cols.info = "Malformed hello: " .. reason
  end
  return n
end

local registered_port = nil
local function register_port()
  local tcp_port = DissectorTable.get("tcp.port")
  if registered_port then tcp_port:remove(registered_port, amthello) end
  registered_port = amthello.prefs.port
  tcp_port:add(registered_port, amthello)
end

function amthello.prefs_changed()
  if registered_port ~= amthello.prefs.port then register_port() end
end

register_port()
