import { onCoursesCompleted } from '~/progress/record.server'
import { issueCertificate } from './issue.server'

// Certificates follow completed courses wherever the completion was recorded
// (see onCoursesCompleted). Imported once for its effect by entry.server.tsx.
onCoursesCompleted('certificates', async (userId, courseSlugs) => {
  for (const slug of courseSlugs) await issueCertificate(userId, slug)
})
