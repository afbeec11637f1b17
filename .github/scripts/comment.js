// The pull request's one comment from the review workflow: found again by its hidden marker (the
// first line of the body that `python -m generator review` writes) and updated, else created.
// Run by actions/github-script, which passes its `github` client and `context`.
module.exports = async function upsertComment({ github, context, body }) {
  const marker = body.split("\n", 1)[0];
  const where = { owner: context.repo.owner, repo: context.repo.repo };
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, { ...where, issue_number, per_page: 100 });
  const mine = comments.find((c) => c.user && c.user.type === "Bot" && (c.body || "").startsWith(marker));
  if (mine) {
    await github.rest.issues.updateComment({ ...where, comment_id: mine.id, body });
    return { updated: mine.id };
  }
  const created = await github.rest.issues.createComment({ ...where, issue_number, body });
  return { created: created.data.id };
};
