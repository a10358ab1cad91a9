//! Parsing what operators type: token amounts in human units, durations, allocation percentages.
//! Every error is a sentence naming the input and what is wrong with it.

use alloy::primitives::U256;

/// USDC's decimals.
pub const USDC_DECIMALS: u8 = 6;
/// DYDX's decimals.
pub const DYDX_DECIMALS: u8 = 18;

/// Parses `text` (`1000`, `1000.5`, `1,000.5`, `1_000.5`) as an amount of a token with `decimals`
/// called `symbol`, in base units. Refuses negative amounts and more decimals than the token has.
pub fn amount(text: &str, decimals: u8, symbol: &str) -> Result<U256, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(format!("invalid amount '{text}': amounts cannot be negative"));
    }
    let clean: String = trimmed.trim_start_matches('+').chars().filter(|c| *c != ',' && *c != '_').collect();
    let (whole, fraction) = match clean.split_once('.') {
        Some((w, f)) => (w, f),
        None => (clean.as_str(), ""),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(format!("invalid amount '{text}': expected a number such as 1000.5"));
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > decimals as usize {
        return Err(format!("invalid amount '{text}': {symbol} has {decimals} decimals"));
    }
    let scale = U256::from(10u64).pow(U256::from(decimals));
    let whole =
        if whole.is_empty() { U256::ZERO } else { whole.parse::<U256>().map_err(|_| format!("invalid amount '{text}': too large"))? };
    let fraction_units = if fraction.is_empty() {
        U256::ZERO
    } else {
        let padded = format!("{fraction:0<width$}", width = decimals as usize);
        padded.parse::<U256>().map_err(|_| format!("invalid amount '{text}'"))?
    };
    whole.checked_mul(scale).and_then(|w| w.checked_add(fraction_units)).ok_or_else(|| format!("invalid amount '{text}': too large"))
}

/// A USDC amount.
pub fn usdc(text: &str) -> Result<U256, String> {
    amount(text, USDC_DECIMALS, "USDC")
}

/// A DYDX amount.
pub fn dydx(text: &str) -> Result<U256, String> {
    amount(text, DYDX_DECIMALS, "DYDX")
}

/// A duration: seconds (`3600`), or numbers with units `d`, `h`, `m`, `s` (`14d`, `1d12h`, `90m`).
pub fn duration(text: &str) -> Result<u64, String> {
    let err = || format!("invalid duration '{text}': expected seconds or a duration such as 14d, 12h, 1d12h, 90m");
    let t = text.trim();
    if t.starts_with('-') {
        return Err(format!("invalid duration '{text}': durations cannot be negative"));
    }
    if t.is_empty() {
        return Err(err());
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse().map_err(|_| err());
    }
    let (mut total, mut number) = (0u64, String::new());
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return Err(err()),
        };
        let n: u64 = number.parse().map_err(|_| err())?;
        total = n.checked_mul(unit).and_then(|v| total.checked_add(v)).ok_or_else(err)?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(err());
    }
    Ok(total)
}

/// An allocation: a percentage (`25`, `25%`, `12.5%`, at most two decimals) in hundredths of a
/// percent, or with `units` a whole number of units out of 10,000.
pub fn allocation(text: &str, units: bool) -> Result<u64, String> {
    let t = text.trim();
    if t.starts_with('-') {
        return Err(format!("invalid allocation '{text}': allocations cannot be negative"));
    }
    let value = if units {
        t.parse::<u64>().map_err(|_| format!("invalid allocation '{text}': expected a whole number of units (10000 = 100%)"))?
    } else {
        let number = t.strip_suffix('%').unwrap_or(t);
        let parsed = amount(number, 2, "an allocation").map_err(|e| {
            if e.ends_with("decimals") {
                format!("invalid allocation '{text}': allocations are in hundredths of a percent (at most 2 decimals)")
            } else {
                format!("invalid allocation '{text}': expected a percentage such as 25% or 12.5%")
            }
        })?;
        parsed.try_into().map_err(|_| format!("invalid allocation '{text}': too large"))?
    };
    if value > 10_000 {
        return Err(format!("invalid allocation '{text}': more than 100%"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(usdc("1000.5").unwrap(), U256::from(1_000_500_000u64));
        assert_eq!(usdc("1,000.5").unwrap(), U256::from(1_000_500_000u64));
        assert_eq!(usdc("0.000001").unwrap(), U256::from(1u64));
        assert_eq!(usdc(".5").unwrap(), U256::from(500_000u64));
        assert_eq!(usdc("2.50000000").unwrap(), U256::from(2_500_000u64));
        assert_eq!(dydx("1.5").unwrap(), U256::from(1_500_000_000_000_000_000u64));
        assert_eq!(usdc("-5").unwrap_err(), "invalid amount '-5': amounts cannot be negative");
        assert_eq!(usdc("1.0000001").unwrap_err(), "invalid amount '1.0000001': USDC has 6 decimals");
        assert_eq!(usdc("abc").unwrap_err(), "invalid amount 'abc': expected a number such as 1000.5");
        assert_eq!(usdc("1.2.3").unwrap_err(), "invalid amount '1.2.3': expected a number such as 1000.5");
        assert_eq!(usdc("").unwrap_err(), "invalid amount '': expected a number such as 1000.5");
    }

    #[test]
    fn durations_and_allocations() {
        assert_eq!(duration("3600").unwrap(), 3_600);
        assert_eq!(duration("14d").unwrap(), 14 * 86_400);
        assert_eq!(duration("1d12h").unwrap(), 86_400 + 12 * 3_600);
        assert_eq!(duration("5x").unwrap_err(), "invalid duration '5x': expected seconds or a duration such as 14d, 12h, 1d12h, 90m");
        assert_eq!(duration("-3d").unwrap_err(), "invalid duration '-3d': durations cannot be negative");
        assert_eq!(allocation("25", false).unwrap(), 2_500);
        assert_eq!(allocation("12.5%", false).unwrap(), 1_250);
        assert_eq!(allocation("2500", true).unwrap(), 2_500);
        assert_eq!(
            allocation("12.345%", false).unwrap_err(),
            "invalid allocation '12.345%': allocations are in hundredths of a percent (at most 2 decimals)"
        );
        assert_eq!(allocation("101%", false).unwrap_err(), "invalid allocation '101%': more than 100%");
    }
}
