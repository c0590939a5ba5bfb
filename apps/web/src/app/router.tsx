import { createBrowserRouter } from 'react-router';
import { AppLayout } from './routes/app-layout';
import { ChannelPage } from './routes/channel';
import { HomePage } from './routes/home';
import { LoginPage, RegisterPage } from './routes/auth';
import {
  ManageDigestsPage,
  ManageHubPage,
  ManageMembersPage,
  ManageNewThemePage,
  ManageThemePage,
} from './routes/manage';
import { MessagePage } from './routes/message';
import { NotFoundPage } from './routes/not-found';
import { ThemePage } from './routes/theme';
import { ThemesPage } from './routes/themes';

/**
 * Paths are a contract: mails and other clients link to them (`/messages/<id>`, `/themes/<slug>`; the
 * events, directory and settings pages of the next issue go under the same layout).
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/register', element: <RegisterPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'themes', element: <ThemesPage /> },
      { path: 'themes/:slug', element: <ThemePage /> },
      { path: 'themes/:slug/:channelSlug', element: <ChannelPage /> },
      { path: 'messages/:id', element: <MessagePage /> },
      { path: 'manage', element: <ManageHubPage /> },
      { path: 'manage/themes/new', element: <ManageNewThemePage /> },
      { path: 'manage/themes/:slug', element: <ManageThemePage /> },
      { path: 'manage/members', element: <ManageMembersPage /> },
      { path: 'manage/digests', element: <ManageDigestsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
