//! Network functions: cidrhost cidrnetmask cidrsubnet cidrsubnets, for IPv4 and IPv6.
//!
//! Addresses are handled as integers (`u128`, with the address width in bits) so both families
//! share one implementation. `cidrsubnets` allocates consecutive subnets exactly as Terraform
//! does (each new subnet starts after the previous one, aligned to its own size).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{Args, Def, FnContext, FnError, Unknowns, strict};
use crate::terraform::value::Value;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "cidrhost" => strict(2, cidrhost),
        "cidrnetmask" => strict(1, cidrnetmask),
        "cidrsubnet" => strict(3, cidrsubnet),
        "cidrsubnets" => Def::new(Unknowns::Strict, 1, None, cidrsubnets),
        _ => return None,
    })
}

type R = Result<Value, FnError>;

/// A network prefix: `addr` is the network address (host bits cleared), `width` 32 or 128.
#[derive(Debug, Clone, Copy)]
struct Net {
    addr: u128,
    width: u32,
    len: u32,
}

impl Net {
    fn mask(width: u32, len: u32) -> u128 {
        let all = if width == 128 { u128::MAX } else { (1u128 << width) - 1 };
        if len == 0 { 0 } else { all & !((1u128 << (width - len)) - 1) }
    }

    fn all(self) -> u128 {
        if self.width == 128 { u128::MAX } else { (1u128 << self.width) - 1 }
    }

    fn with_len(self, addr: u128, len: u32) -> Net {
        Net { addr: addr & Net::mask(self.width, len), width: self.width, len }
    }

    fn last(self) -> u128 {
        self.addr | (!Net::mask(self.width, self.len) & self.all())
    }

    fn ip(self, addr: u128) -> String {
        if self.width == 32 {
            Ipv4Addr::from(u32::try_from(addr).unwrap_or(u32::MAX)).to_string()
        } else {
            Ipv6Addr::from(addr).to_string()
        }
    }

    fn text(self) -> String {
        format!("{}/{}", self.ip(self.addr), self.len)
    }

    fn contains(self, addr: u128) -> bool {
        addr & Net::mask(self.width, self.len) == self.addr
    }
}

fn parse(a: &Args<'_>, i: usize) -> Result<Net, FnError> {
    let text = a.string(i, "prefix")?;
    let bad = || {
        a.invalid(format_args!(
            "invalid CIDR prefix `{text}` (expected an address and a length, like 10.0.0.0/16)"
        ))
    };
    let (ip, len) = text.split_once('/').ok_or_else(bad)?;
    let ip: IpAddr = ip.parse().ok().or_else(|| v4_leading_zeros(ip)).ok_or_else(bad)?;
    if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let mut len: u32 = len.parse().map_err(|_| bad())?;
    let (addr, width) = match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        // An IPv4-mapped prefix (`::ffff:10.0.0.0/104`) is the IPv4 prefix it maps, as in Go.
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) if (96..=128).contains(&len) => {
                len -= 96;
                (u128::from(u32::from(v4)), 32)
            }
            _ => (u128::from(v6), 128),
        },
    };
    if len > width {
        return Err(bad());
    }
    // Host bits written in the prefix are ignored, as Terraform does.
    Ok(Net { addr: addr & Net::mask(width, len), width, len })
}

/// Terraform's address parser (Go's before 1.17) reads IPv4 parts with leading zeros as
/// decimal: `010.0.0.0` is `10.0.0.0`.
fn v4_leading_zeros(text: &str) -> Option<IpAddr> {
    let parts: Vec<u8> = text
        .split('.')
        .map(|p| {
            (!p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u8>().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    let [a, b, c, d] = parts[..] else { return None };
    Some(IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
}

fn big(a: &Args<'_>, i: usize, what: &str) -> Result<i128, FnError> {
    let n = a.number(i, what)?;
    if !n.fract().is_zero() {
        return Err(a.invalid(format_args!("{what} must be a whole number, got {}", n.normalize())));
    }
    i128::try_from(n).map_err(|_| a.invalid(format_args!("{what} is out of range")))
}

fn cidrhost(a: &Args<'_>, _: &FnContext) -> R {
    let net = parse(a, 0)?;
    let hostnum = big(a, 1, "hostnum")?;
    let host_bits = net.width - net.len;
    let too_big = || {
        a.invalid(format_args!(
            "prefix of {} bits cannot accommodate a host numbered {hostnum}",
            net.len
        ))
    };
    let max: Option<u128> = 1u128.checked_shl(host_bits);
    let n: u128 = if hostnum >= 0 {
        let h = hostnum.unsigned_abs();
        if max.is_some_and(|m| h >= m) {
            return Err(too_big());
        }
        h
    } else {
        // Negative numbers count back from the end of the range.
        let back = hostnum.unsigned_abs();
        match max {
            Some(m) if back <= m => m - back,
            None => 0u128.wrapping_sub(back),
            _ => return Err(too_big()),
        }
    };
    Ok(Value::String(net.ip(net.addr | n)))
}

fn cidrnetmask(a: &Args<'_>, _: &FnContext) -> R {
    let net = parse(a, 0)?;
    if net.width != 32 {
        return Err(a.invalid("only IPv4 prefixes have a netmask"));
    }
    Ok(Value::String(net.ip(Net::mask(32, net.len))))
}

fn subnet(a: &Args<'_>, net: Net, newbits: i128, netnum: i128) -> Result<Net, FnError> {
    let newbits = u32::try_from(newbits)
        .map_err(|_| a.invalid(format_args!("newbits must not be negative, got {newbits}")))?;
    let len = net.len.checked_add(newbits).filter(|l| *l <= net.width).ok_or_else(|| {
        a.invalid(format_args!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.len
        ))
    })?;
    let netnum_u = u128::try_from(netnum)
        .map_err(|_| a.invalid(format_args!("netnum must not be negative, got {netnum}")))?;
    if 1u128.checked_shl(newbits).is_some_and(|max| netnum_u >= max) {
        return Err(a.invalid(format_args!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        )));
    }
    let shift = net.width - len;
    let offset = netnum_u.checked_shl(shift).unwrap_or(0);
    Ok(Net { addr: net.addr | offset, width: net.width, len })
}

fn cidrsubnet(a: &Args<'_>, _: &FnContext) -> R {
    let net = parse(a, 0)?;
    let newbits = big(a, 1, "newbits")?;
    let netnum = big(a, 2, "netnum")?;
    Ok(Value::String(subnet(a, net, newbits, netnum)?.text()))
}

fn cidrsubnets(a: &Args<'_>, _: &FnContext) -> R {
    let net = parse(a, 0)?;
    let mut lens = Vec::new();
    for i in 1..a.len() {
        let nb = big(a, i, "newbits")?;
        let len = u32::try_from(nb)
            .ok()
            .and_then(|nb| net.len.checked_add(nb))
            .filter(|l| *l <= net.width && nb >= 1)
            .ok_or_else(|| a.invalid(format_args!("argument {}: would extend prefix to {} bits, which is too long for an IPv{} address", i + 1, i128::from(net.len) + nb, if net.width == 32 { 4 } else { 6 })))?;
        lens.push(len);
    }
    let Some(&first) = lens.first() else {
        return Ok(Value::List(Vec::new()));
    };
    // Start just before the network, at the first subnet's size, then step forward.
    let mut current = net.with_len(net.addr.wrapping_sub(1) & net.all(), first);
    let mut out = Vec::with_capacity(lens.len());
    for (i, len) in lens.into_iter().enumerate() {
        let aligned = net.with_len(current.last(), len);
        let next_addr = aligned.last().wrapping_add(1) & net.all();
        let next = net.with_len(next_addr, len);
        // Wrapping to zero is the end of the address space, except for the first subnet of a
        // network that starts at address zero (the start point was one before it).
        if (next_addr == 0 && i > 0) || !net.contains(next.addr) || !net.contains(next.last()) {
            return Err(a.invalid(format_args!(
                "not enough remaining address space for a subnet with a prefix of {len} bits after {}",
                current.text()
            )));
        }
        out.push(Value::String(next.text()));
        current = next;
    }
    Ok(Value::List(out))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn ipv4() {
        check(vec![
            ("cidrhost", vec![s("10.12.112.0/20"), n(16)], Ok(s("10.12.112.16"))),
            ("cidrhost", vec![s("10.12.112.0/20"), n(268)], Ok(s("10.12.113.12"))),
            ("cidrhost", vec![s("10.12.112.0/20"), n(-1)], Ok(s("10.12.127.255"))),
            ("cidrhost", vec![s("10.0.0.0/30"), n(4)], Err("cannot accommodate a host numbered 4")),
            ("cidrhost", vec![s("10.0.0.0/30"), n(-5)], Err("cannot accommodate")),
            ("cidrhost", vec![s("10.0.0.0"), n(1)], Err("invalid CIDR prefix `10.0.0.0`")),
            ("cidrhost", vec![s("10.0.0.0/33"), n(1)], Err("invalid CIDR prefix")),
            (
                "cidrhost",
                vec![s("10.0.0.0/8"), s("x")],
                Err("hostnum must be a number, got string"),
            ),
            ("cidrhost", vec![u(), n(1)], Ok(u())),
            ("cidrnetmask", vec![s("172.16.0.0/12")], Ok(s("255.240.0.0"))),
            ("cidrnetmask", vec![s("10.0.0.0/0")], Ok(s("0.0.0.0"))),
            ("cidrnetmask", vec![s("10.0.0.0/32")], Ok(s("255.255.255.255"))),
            ("cidrsubnet", vec![s("172.16.0.0/12"), n(4), n(2)], Ok(s("172.18.0.0/16"))),
            ("cidrsubnet", vec![s("10.1.2.0/24"), n(4), n(15)], Ok(s("10.1.2.240/28"))),
            ("cidrsubnet", vec![s("10.1.2.3/24"), n(0), n(0)], Ok(s("10.1.2.0/24"))),
            (
                "cidrsubnet",
                vec![s("10.0.0.0/24"), n(4), n(16)],
                Err("does not accommodate a subnet numbered 16"),
            ),
            ("cidrsubnet", vec![s("10.0.0.0/24"), n(9), n(0)], Err("insufficient address space")),
            (
                "cidrsubnet",
                vec![s("10.0.0.0/24"), n(-1), n(0)],
                Err("newbits must not be negative"),
            ),
            (
                "cidrsubnets",
                vec![s("10.1.0.0/16"), n(4), n(4), n(8), n(4)],
                Ok(l(vec![
                    s("10.1.0.0/20"),
                    s("10.1.16.0/20"),
                    s("10.1.32.0/24"),
                    s("10.1.48.0/20"),
                ])),
            ),
            (
                "cidrsubnets",
                vec![s("10.0.0.0/24"), n(1), n(1), n(1)],
                Err("not enough remaining address space"),
            ),
            ("cidrsubnets", vec![s("10.0.0.0/24"), n(9)], Err("too long for an IPv4 address")),
            (
                "cidrsubnets",
                vec![s("0.0.0.0/0"), n(1), n(1)],
                Ok(l(vec![s("0.0.0.0/1"), s("128.0.0.0/1")])),
            ),
        ]);
    }

    #[test]
    fn ipv6() {
        check(vec![
            (
                "cidrhost",
                vec![s("fd00:fd12:3456:7890::/56"), n(16)],
                Ok(s("fd00:fd12:3456:7800::10")),
            ),
            ("cidrhost", vec![s("fd00::/64"), n(-1)], Ok(s("fd00::ffff:ffff:ffff:ffff"))),
            (
                "cidrsubnet",
                vec![s("fd00:fd12:3456:7890::/56"), n(16), n(162)],
                Ok(s("fd00:fd12:3456:7800:a200::/72")),
            ),
            ("cidrsubnet", vec![s("2001:db8::/32"), n(8), n(255)], Ok(s("2001:db8:ff00::/40"))),
            ("cidrnetmask", vec![s("fd00::/64")], Err("only IPv4")),
            (
                "cidrsubnets",
                vec![s("fd00:fd12:3456:7890::/56"), n(16), n(16), n(16), n(32)],
                Ok(l(vec![
                    s("fd00:fd12:3456:7800::/72"),
                    s("fd00:fd12:3456:7800:100::/72"),
                    s("fd00:fd12:3456:7800:200::/72"),
                    s("fd00:fd12:3456:7800:300::/88"),
                ])),
            ),
            ("cidrhost", vec![s("::/0"), n(1)], Ok(s("::1"))),
        ]);
    }
}
