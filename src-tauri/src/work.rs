//! Long work the window can stop: a request that may take a while carries a ticket, and
//! `work_cancel(ticket)` ends it — its future is dropped, and the database connections with it.
//! Reading never writes, so stopping it loses nothing.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

use tokio::sync::oneshot;

use crate::error::{ErrorCode, IpcError};

/// The requests under way that can be stopped, by ticket.
#[derive(Default)]
pub(crate) struct Work {
    running: Mutex<HashMap<String, oneshot::Sender<()>>>,
}

impl Work {
    /// Runs `work` until it ends or its ticket is cancelled.
    pub(crate) async fn run<T>(
        &self,
        ticket: Option<&str>,
        work: impl Future<Output = Result<T, IpcError>>,
    ) -> Result<T, IpcError> {
        let Some(ticket) = ticket else { return work.await };
        let (stop, stopped) = oneshot::channel();
        self.running.lock().expect("the work lock").insert(ticket.to_owned(), stop);
        let result = tokio::select! {
            result = work => result,
            Ok(()) = stopped => Err(IpcError {
                code: ErrorCode::Cancelled,
                message: "stopped before it finished; nothing was changed".into(),
                details: None,
            }),
        };
        self.running.lock().expect("the work lock").remove(ticket);
        result
    }

    /// Stops the request with this ticket, if it is still running.
    pub(crate) fn cancel(&self, ticket: &str) -> bool {
        let stop = self.running.lock().expect("the work lock").remove(ticket);
        stop.is_some_and(|stop| stop.send(()).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_cancelled_ticket_ends_its_work_and_others_finish() {
        let work = Work::default();
        let slow = work.run(Some("a"), async {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            Ok(1)
        });
        let stop = async {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            assert!(work.cancel("a"));
        };
        let (result, ()) = tokio::join!(slow, stop);
        assert_eq!(result.unwrap_err().code, ErrorCode::Cancelled);
        assert!(!work.cancel("a"), "nothing left to stop");
        assert_eq!(work.run(Some("b"), async { Ok(2) }).await.unwrap(), 2);
        assert_eq!(work.run(None, async { Ok(3) }).await.unwrap(), 3);
    }
}
