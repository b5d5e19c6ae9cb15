//! `aws_apigatewayv2_api`: an HTTP API bills requests, each metered in 512 KB increments; a
//! WebSocket API bills messages, each metered in 32 KB increments, and connection minutes.
//! Requests and messages are tiered by the month's count (HTTP: 300 million; WebSocket: 1
//! billion); AWS applies the tiers per account and region, this estimate per API.
//!
//! Usage keys (Infracost's): `monthly_requests`, `request_size_kb` (HTTP: average size; when
//! not given, each request is one metered request), `monthly_messages`, `message_size_kb`
//! (likewise, 32 KB increments), `monthly_connection_mins` (WebSocket).

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_str, increments};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    HTTP_REQUESTS = "apigateway.http_requests",
    WEBSOCKET_MESSAGES = "apigateway.websocket_messages",
    WEBSOCKET_MINUTES = "apigateway.websocket_minutes",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_apigatewayv2_api", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let q = |ut: &str| PriceQuery::new("AmazonApiGateway", &ctx.region).usage_type(ut);
    let million = Decimal::from(1_000_000);
    let components = if attr_str(inst, "protocol_type") == Some("WEBSOCKET") {
        let (units, how) = increments(inst, ctx, "message_size_kb", 32);
        vec![
            ComponentSpec::new(
                WEBSOCKET_MESSAGES,
                "WebSocket messages",
                "1M messages",
                Quantity::usage(
                    inst,
                    ctx,
                    "monthly_messages",
                    units / million,
                    &format!("{how}÷ 1,000,000"),
                ),
                q("ApiGatewayMessage"),
            )
            .multiplier(million),
            ComponentSpec::new(
                WEBSOCKET_MINUTES,
                "WebSocket connection minutes",
                "1M minutes",
                Quantity::usage(
                    inst,
                    ctx,
                    "monthly_connection_mins",
                    Decimal::new(1, 6),
                    "÷ 1,000,000",
                ),
                q("ApiGatewayMinute"),
            )
            .multiplier(million),
        ]
    } else {
        let (units, how) = increments(inst, ctx, "request_size_kb", 512);
        vec![
            ComponentSpec::new(
                HTTP_REQUESTS,
                "Requests (HTTP API)",
                "1M requests",
                Quantity::usage(
                    inst,
                    ctx,
                    "monthly_requests",
                    units / million,
                    &format!("{how}÷ 1,000,000"),
                ),
                q("ApiGatewayHttpRequest"),
            )
            .multiplier(million),
        ]
    };
    Mapping::Priced(Priced::new(components))
}
