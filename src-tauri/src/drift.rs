//! The board of environments: the project's truth against each environment
//! ([`plumb_db::drift`], as `plumb drift` computes it), with what the window can open to show the
//! differences. No URL with a password in it reaches the window.

use plumb_db::drift::{drift, Resolve, State};
use plumb_db::Source;
use serde::Serialize;

use crate::error::IpcError;
use crate::profiles::Profiles;
use crate::projects::{ProjectInfo, Projects};

/// One environment on the board.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct BoardSide {
    pub name: String,
    /// Where it was read from (no password).
    pub source: String,
    pub state: State,
    /// What the window passes to Compare for it, when it can name it without a secret.
    pub open: Option<String>,
}

/// The truth and every environment.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Board {
    pub project: ProjectInfo,
    pub truth: String,
    pub truth_source: String,
    pub truth_open: Option<String>,
    pub sides: Vec<BoardSide>,
}

impl Resolve for Profiles {
    async fn one(&self, text: &str) -> Result<Source, String> {
        self.resolve(text).await.map_err(|e| e.message)
    }

    async fn pair(&self, side: &str, truth: &str) -> Result<(Source, Source), String> {
        self.resolve_pair(side, truth).await.map_err(|e| e.message)
    }
}

/// A profile by its name (`@prod`); a path as read; a server URL only when it holds no password
/// (it then reads the same redacted).
fn openable(text: &str, source: &str) -> Option<String> {
    if text.starts_with('@') {
        Some(text.to_owned())
    } else if !source.contains("://") || source == text {
        Some(source.to_owned())
    } else {
        None
    }
}

/// The board of the project the window works in.
pub(crate) async fn board(profiles: &Profiles, projects: &Projects) -> Result<Board, IpcError> {
    let (project, info) = projects.current_project()?;
    let report = drift(&project, profiles).await?;
    Ok(Board {
        project: info,
        truth_open: openable(&report.truth_text, &report.truth_source),
        truth: report.truth,
        truth_source: report.truth_source,
        sides: report
            .sides
            .into_iter()
            .map(|side| BoardSide {
                open: openable(&side.text, &side.source),
                name: side.name,
                source: side.source,
                state: side.state,
            })
            .collect(),
    })
}
