//! Call traces (geth's `callTracer`, for `debug_traceTransaction` and `debug_traceCall`) by
//! revm-inspectors' `TracingInspector`. One tracer is shared by every EVM a transaction opens, so the
//! calls a Stylus program makes (which run on an EVM of their own) land in the same tree, under the
//! program's own frame, like any other call.

use std::{cell::RefCell, rc::Rc};

use alloy_primitives::{Address, Log, U256};
use revm::{
    context::ContextTr,
    inspector::{Inspector, JournalExt},
    interpreter::{interpreter::EthInterpreter, CallInputs, CallOutcome, CreateInputs, CreateOutcome, Interpreter},
};
use revm_inspectors::tracing::{TracingInspector, TracingInspectorConfig};
use serde_json::Value;

/// The inspector the devnode's EVMs carry: none, or while tracing a call tracer shared by the
/// transaction's EVMs.
#[derive(Clone, Default)]
pub struct Tracer(Option<Rc<RefCell<TracingInspector>>>);

impl std::fmt::Debug for Tracer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Tracer").field(&self.0.is_some()).finish()
    }
}

impl Tracer {
    /// A tracer recording calls, creates and their logs.
    pub(crate) fn calls() -> Self {
        let config = TracingInspectorConfig::none().set_record_inputs(true).set_record_logs(true);
        Self(Some(Rc::new(RefCell::new(TracingInspector::new(config)))))
    }

    /// Whether it traces.
    pub(crate) fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// What was traced as geth's `callTracer` frame (with logs), for a transaction that used
    /// `gas_used`.
    pub(crate) fn call_frame(&self, gas_used: u64) -> Option<Value> {
        let inspector = self.0.as_ref()?.borrow();
        if inspector.traces().nodes().is_empty() {
            return None;
        }
        let config = alloy_rpc_types_trace::geth::CallConfig { only_top_call: None, with_log: Some(true) };
        serde_json::to_value(inspector.geth_builder().geth_call_traces(config, gas_used)).ok()
    }
}

/// The hooks a call trace needs (not `step`: no opcode-level records, so EVM code runs at full speed).
impl<CTX: ContextTr<Journal: JournalExt>> Inspector<CTX, EthInterpreter> for Tracer {
    fn initialize_interp(&mut self, interp: &mut Interpreter<EthInterpreter>, context: &mut CTX) {
        if let Some(tracer) = &self.0 {
            tracer.borrow_mut().initialize_interp(interp, context);
        }
    }

    fn log(&mut self, context: &mut CTX, log: Log) {
        if let Some(tracer) = &self.0 {
            tracer.borrow_mut().log(context, log);
        }
    }

    fn call(&mut self, context: &mut CTX, inputs: &mut CallInputs) -> Option<CallOutcome> {
        self.0.as_ref().and_then(|tracer| tracer.borrow_mut().call(context, inputs))
    }

    fn call_end(&mut self, context: &mut CTX, inputs: &CallInputs, outcome: &mut CallOutcome) {
        if let Some(tracer) = &self.0 {
            tracer.borrow_mut().call_end(context, inputs, outcome);
        }
    }

    fn create(&mut self, context: &mut CTX, inputs: &mut CreateInputs) -> Option<CreateOutcome> {
        self.0.as_ref().and_then(|tracer| tracer.borrow_mut().create(context, inputs))
    }

    fn create_end(&mut self, context: &mut CTX, inputs: &CreateInputs, outcome: &mut CreateOutcome) {
        if let Some(tracer) = &self.0 {
            tracer.borrow_mut().create_end(context, inputs, outcome);
        }
    }

    fn selfdestruct(&mut self, contract: Address, target: Address, value: U256) {
        if let Some(tracer) = &self.0 {
            <TracingInspector as Inspector<CTX, EthInterpreter>>::selfdestruct(&mut tracer.borrow_mut(), contract, target, value);
        }
    }
}
