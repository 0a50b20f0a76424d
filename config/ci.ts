/**
 * The GitHub repository whose pull requests may assume the plan role (OIDC `sub`
 * claim `repo:<owner>/<name>:pull_request`). Change it when the repository moves.
 */
export const GITHUB_REPOSITORY = 'logtel/realtime-pipeline';
